import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError, type ChatCompletionRequest, type Result, ok } from '@mana/contracts';
import { SpendLimits } from '../account/spend-limits';
import { ModelsService } from '../models/models.service';
import type { AiModelRow } from '../models/models.repository';
import { estimateTokens } from '../messages/prompt';
import type { ChatProvider, GenerationRequest } from '../providers/provider';
import { DONE_FRAME } from '../streaming/reply-stream';
import { SseConnection } from '../streaming/sse-connection';
import { GenerationQuota } from '../streaming/generation-quota';
import { UsageLog } from '../usage/usage-log';
import {
  chunkPrefix,
  contentDelta,
  finishDelta,
  reasoningDelta,
  roleDelta,
  toPromptMessages,
  usageChunk,
} from './openai-format';

type Usage = { promptTokens: number; completionTokens: number; costUsd: number };

/** Our models behind OpenAI's chat-completions API, for any OpenAI client and personal API keys. */
@Injectable()
export class OpenAiApiService {
  constructor(
    private readonly models: ModelsService,
    private readonly usage: UsageLog,
    private readonly spendLimits: SpendLimits,
    private readonly quota: GenerationQuota,
  ) {}

  /** Checks the limits, resolves the model and takes a generation slot, which `complete` or `stream` give back. */
  async prepare(userId: string, request: ChatCompletionRequest) {
    const withinSpend = await this.spendLimits.check(userId);
    if (!withinSpend.ok) return withinSpend;
    const resolved = await this.models.resolve(request.model);
    if (!resolved.ok) return resolved;
    const allowed = await this.quota.acquire(userId);
    if (!allowed.ok) return allowed;
    return ok(resolved.value);
  }

  async complete(userId: string, request: ChatCompletionRequest, signal: AbortSignal): Promise<Result<object>> {
    const resolved = await this.prepare(userId, request);
    if (!resolved.ok) return resolved;
    const { model, provider, upstreamModel } = resolved.value;
    const result = await provider.complete(this.generationRequest(request, upstreamModel, signal)).finally(() => this.quota.release(userId));
    if (!result.ok) return result;
    const completion = result.value;
    const usage = this.usageOf(model, request, completion.usage, completion.content);
    this.logUsage(userId, model.id, usage);
    return ok({
      id: completionId(),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: model.id,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: completion.content, ...(completion.reasoning ? { reasoning: completion.reasoning } : {}) },
          finish_reason: completion.finishReason ?? 'stop',
        },
      ],
      usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens, cost: usage.costUsd },
    });
  }

  /** Relays the provider's stream as `chat.completion.chunk` events; the client leaving aborts upstream. */
  async stream(userId: string, request: ChatCompletionRequest, reply: FastifyReply, model: AiModelRow, provider: ChatProvider, upstreamModel: string) {
    try {
      await this.relay(userId, request, reply, model, provider, upstreamModel);
    } finally {
      await this.quota.release(userId);
    }
  }

  private async relay(userId: string, request: ChatCompletionRequest, reply: FastifyReply, model: AiModelRow, provider: ChatProvider, upstreamModel: string) {
    const abort = new AbortController();
    const connection = new SseConnection(reply);
    connection.onClose(() => abort.abort());
    const prefix = chunkPrefix({ id: completionId(), created: Math.floor(Date.now() / 1000), model: model.id });

    let text = '';
    let upstreamUsage: { promptTokens: number; completionTokens: number; costUsd: number | null } | null = null;
    let finishReason = 'stop';
    let failure: AppError | null = null;
    if (!connection.write(roleDelta(prefix), noop)) await this.drained(connection);
    for await (const event of provider.stream(this.generationRequest(request, upstreamModel, abort.signal))) {
      if (connection.isClosed) break;
      switch (event.type) {
        case 'text':
          text += event.delta;
          if (!connection.write(contentDelta(prefix, event.delta), noop)) await this.drained(connection);
          break;
        case 'reasoning':
          if (!connection.write(reasoningDelta(prefix, event.delta), noop)) await this.drained(connection);
          break;
        case 'usage':
          upstreamUsage = event;
          break;
        case 'finish':
          finishReason = event.finishReason ?? 'stop';
          break;
        case 'error':
          failure = event.error;
          break;
      }
    }
    const usage = this.usageOf(model, request, upstreamUsage, text);
    this.logUsage(userId, model.id, usage);
    if (connection.isClosed) return;
    if (failure) {
      connection.end(`data: ${JSON.stringify({ error: { message: failure.message, type: failure.code.toLowerCase(), code: failure.code } })}\n\n${DONE_FRAME}`);
      return;
    }
    let tail = finishDelta(prefix, finishReason);
    if (request.stream_options?.include_usage) tail += usageChunk(prefix, usage);
    connection.end(tail + DONE_FRAME);
  }

  private drained(connection: SseConnection): Promise<void> {
    return new Promise((resolve) => {
      if (!connection.isWaitingForDrain) return resolve();
      connection.onClose(resolve);
      connection.res.once('drain', () => resolve());
    });
  }

  private generationRequest(request: ChatCompletionRequest, upstreamModel: string, signal: AbortSignal): GenerationRequest {
    return {
      model: upstreamModel,
      messages: toPromptMessages(request.messages),
      signal,
      temperature: request.temperature,
      maxTokens: request.max_completion_tokens ?? request.max_tokens,
      user: request.user,
    };
  }

  private usageOf(
    model: AiModelRow,
    request: ChatCompletionRequest,
    reported: { promptTokens: number; completionTokens: number; costUsd: number | null } | null,
    text: string,
  ): Usage {
    const promptTokens = reported?.promptTokens ?? toPromptMessages(request.messages).reduce((n, m) => n + estimateTokens(m.content), 0);
    const completionTokens = reported?.completionTokens ?? (text ? estimateTokens(text) : 0);
    const costUsd = reported?.costUsd ?? (promptTokens * model.pricingInput + completionTokens * model.pricingOutput) / 1_000_000;
    return { promptTokens, completionTokens, costUsd };
  }

  /**
   * Off the response path: the row joins the next batch write, and counts towards a spending limit
   * at once. Recorded before the answer ends, so a graceful shutdown still writes it.
   */
  private logUsage(userId: string, modelId: string, usage: Usage) {
    this.usage.record({ userId, modelId, ...usage, source: 'openai-api' });
  }
}

const noop = () => undefined;
const completionId = () => `chatcmpl-${randomBytes(12).toString('base64url')}`;
