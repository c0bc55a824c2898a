// A fast fake OpenRouter for the benchmarks. Run as a child process with an IPC channel:
//   node bench/lib/fake-upstream.mjs            → sends { type: 'ready', port } when listening
//
// It serves OpenAI/OpenRouter-format answers whose shape is chosen by a tag in the LAST user
// message, so it travels unchanged through the server, the relay, or a direct request:
//   "#bench id=<id> n=<deltas> i=<interval ms> f=<first-token delay ms> [md=1]"
// Streams are pre-rendered (one Buffer per delta, one write per delta). For every streamed
// request it records, on the system-wide monotonic clock (process.hrtime, shared by every process
// of the machine), when the request arrived and when each delta was written; the benchmark
// collects those records over IPC ({ type: 'collect', ids } → { type: 'records', records }), so
// latencies can be split into "upstream think time" and "what the path in between added".
import http from 'node:http';

const MODEL_ID = 'bench/fast';
const CREATED = 1767890123;

const models = {
  data: [
    {
      id: MODEL_ID,
      canonical_slug: MODEL_ID,
      name: 'Bench: fast fake model',
      created: CREATED,
      description: 'The benchmark fake upstream.',
      context_length: 1_000_000,
      architecture: { modality: 'text->text', input_modalities: ['text'], output_modalities: ['text'], tokenizer: 'GPT' },
      pricing: { prompt: '0.00000015', completion: '0.0000006', request: '0', image: '0' },
      top_provider: { context_length: 1_000_000, max_completion_tokens: 100_000, is_moderated: false },
      per_request_limits: null,
      supported_parameters: ['max_tokens', 'temperature'],
    },
  ],
};
const modelsBody = Buffer.from(JSON.stringify(models));

const chunkHead = `{"id":"gen-${CREATED}-BenchBenchBenchBench","provider":"Bench","model":"${MODEL_ID}","object":"chat.completion.chunk","created":${CREATED},"choices":[{"index":0,"delta":{"role":"assistant","content":`;
const chunkTail = `},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}`;
const frame = (content) => Buffer.from(`data: ${chunkHead}${JSON.stringify(content)}${chunkTail}\n\n`);

/** The text of delta i in the plain mode: " w<i>", which every reader can index. */
export const deltaText = (i) => ` w${i}`;

// A markdown reply (for the browser scenario): headings, lists, code, a table, in ~4-char tokens.
function markdownTokens(n) {
  const blocks = [];
  for (let s = 0; blocks.join('').length < n * 4.2; s++) {
    blocks.push(
      `## Section ${s + 1}: streaming markdown\n\n`,
      `This paragraph explains **step ${s + 1}** of the plan, with \`inline code\`, a [link](https://example.com/${s}) and some *emphasis*. `,
      `The renderer must only re-parse the growing last block, never the whole reply, or long answers get slower with every token.\n\n`,
      `- first point about item ${s}\n- second point with **bold** text\n- third point, a longer one that wraps across the line in a narrow window\n\n`,
      '```ts\n',
      `export function step${s}(input: number[]): number {\n  let total = 0;\n  for (const value of input) total += value * ${s + 1};\n  return total;\n}\n`,
      '```\n\n',
      `| metric | value | note |\n|---|---:|---|\n| p50 | ${s}.4 ms | fine |\n| p99 | ${s}.9 ms | watch |\n\n`,
      `> A quote to close section ${s + 1}.\n\n`,
    );
  }
  const text = blocks.join('');
  const tokens = [];
  for (let i = 0; i < text.length && tokens.length < n; i += 4) tokens.push(text.slice(i, i + 4));
  return tokens;
}

const cache = new Map();
/** Pre-rendered frames for a stream of n deltas. */
function framesFor(n, md) {
  const key = `${md ? 'md' : 'w'}:${n}`;
  let entry = cache.get(key);
  if (!entry) {
    const texts = md ? markdownTokens(n) : Array.from({ length: n }, (_, i) => deltaText(i));
    const usage = `"usage":{"prompt_tokens":12,"completion_tokens":${texts.length},"total_tokens":${12 + texts.length},"cost":${(12 * 0.15 + texts.length * 0.6) / 1e6}}`;
    const finish = Buffer.from(
      `data: {"id":"gen-${CREATED}-BenchBenchBenchBench","provider":"Bench","model":"${MODEL_ID}","object":"chat.completion.chunk","created":${CREATED},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop","native_finish_reason":"stop","logprobs":null}],${usage}}\n\ndata: [DONE]\n\n`,
    );
    const completion = Buffer.from(
      JSON.stringify({
        id: `gen-${CREATED}-BenchBenchBenchBench`,
        object: 'chat.completion',
        created: CREATED,
        model: MODEL_ID,
        provider: 'Bench',
        system_fingerprint: null,
        choices: [{ index: 0, logprobs: null, finish_reason: 'stop', native_finish_reason: 'stop', message: { role: 'assistant', content: texts.join(''), refusal: null, reasoning: null } }],
        usage: { prompt_tokens: 12, completion_tokens: texts.length, total_tokens: 12 + texts.length, cost: (12 * 0.15 + texts.length * 0.6) / 1e6 },
      }),
    );
    entry = { frames: texts.map(frame), finish, completion };
    cache.set(key, entry);
  }
  return entry;
}

function parseTag(body) {
  let messages;
  try {
    messages = JSON.parse(body).messages;
  } catch {
    return null;
  }
  if (!Array.isArray(messages)) return null;
  for (let k = messages.length - 1; k >= 0; k--) {
    const m = messages[k];
    if (m?.role !== 'user') continue;
    const content = typeof m.content === 'string' ? m.content : '';
    const at = content.indexOf('#bench');
    const tag = { id: null, n: 8, i: 0, f: null, md: false };
    if (at >= 0) {
      for (const part of content.slice(at + 6).trim().split(/\s+/)) {
        const [k2, v] = part.split('=');
        if (k2 === 'id') tag.id = v;
        else if (k2 === 'n') tag.n = Math.max(1, Number(v) | 0);
        else if (k2 === 'i') tag.i = Math.max(0, Number(v));
        else if (k2 === 'f') tag.f = Math.max(0, Number(v));
        else if (k2 === 'md') tag.md = v === '1';
      }
    }
    if (tag.f === null) tag.f = tag.i;
    return tag;
  }
  return { id: null, n: 8, i: 0, f: 0, md: false };
}

const now = () => Number(process.hrtime.bigint());
/** Records of streamed requests, by tag id, until collected. */
const records = new Map();
let active = 0;

function stream(res, tag, arrivedNs) {
  const { frames, finish } = framesFor(tag.n, tag.md);
  const writes = new Float64Array(frames.length);
  const record = { arrivedNs, headersNs: 0, writes, endNs: 0, aborted: false };
  if (tag.id) records.set(tag.id, record);
  active++;
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-generation-id': `gen-${CREATED}-BenchBenchBenchBench`,
  });
  res.flushHeaders();
  record.headersNs = now();
  const startMs = performance.now();
  let k = 0;
  let timer = null;
  let done = false;
  const finishUp = () => {
    if (done) return;
    done = true;
    active--;
    if (timer) clearTimeout(timer);
  };
  res.on('close', () => {
    if (!done) record.aborted = true;
    finishUp();
  });
  const tick = () => {
    timer = null;
    if (done) return;
    const t = performance.now() - startMs;
    // Catch up on every delta that is due (a late timer writes them one by one, as an upstream would).
    while (k < frames.length && tag.f + k * tag.i <= t + 0.05) {
      res.write(frames[k]);
      writes[k] = now();
      k++;
    }
    if (k >= frames.length) {
      res.end(finish);
      record.endNs = now();
      finishUp();
      return;
    }
    timer = setTimeout(tick, Math.max(0, tag.f + k * tag.i - (performance.now() - startMs)));
  };
  if (tag.f === 0) tick();
  else timer = setTimeout(tick, tag.f);
}

const server = http.createServer({ keepAliveTimeout: 60_000, noDelay: true }, (req, res) => {
  const url = req.url ?? '';
  if (req.method === 'GET' && url.endsWith('/models')) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': modelsBody.length });
    res.end(modelsBody);
    return;
  }
  if (req.method === 'POST' && url.endsWith('/chat/completions')) {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      const arrivedNs = now();
      const body = Buffer.concat(parts).toString('utf8');
      const tag = parseTag(body);
      if (!tag) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"error":{"code":400,"message":"messages is required"}}');
        return;
      }
      if (/"stream"\s*:\s*true/.test(body)) return stream(res, tag, arrivedNs);
      const { completion } = framesFor(tag.n, tag.md);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': completion.length });
      res.end(completion);
    });
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":{"code":404,"message":"not found"}}');
});
server.maxHeadersCount = 0;
server.headersTimeout = 0;
server.requestTimeout = 0;

process.on('message', (msg) => {
  if (msg?.type === 'collect') {
    const out = {};
    for (const id of msg.ids) {
      const r = records.get(id);
      if (!r) continue;
      records.delete(id);
      out[id] = { arrivedNs: r.arrivedNs, headersNs: r.headersNs, endNs: r.endNs, aborted: r.aborted, writes: Array.from(r.writes) };
    }
    process.send({ type: 'records', seq: msg.seq, records: out });
  } else if (msg?.type === 'stats') {
    process.send({ type: 'stats', seq: msg.seq, active, pending: records.size });
  } else if (msg?.type === 'clear') {
    records.clear();
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: server.address().port });
});
