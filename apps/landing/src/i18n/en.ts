// English copy. The German file has the same shape (the type checker holds them together).

export const en = {
  siteName: 'Mana Chat',
  skipToContent: 'Skip to content',
  nav: {
    label: 'Main',
    models: 'Models',
    pricing: 'Pricing',
    faq: 'FAQ',
    openApp: 'Open the app',
    signUp: 'Sign up',
    language: 'Language',
    switchTo: 'Deutsch',
    home: 'Mana Chat home',
  },
  footer: {
    tagline: 'Every AI model in one chat that never loses a reply.',
    product: 'Product',
    legal: 'Legal',
    privacy: 'Privacy',
    imprint: 'Imprint',
    terms: 'Terms',
    cookies: 'Cookies',
    noTracking: 'No cookies, no tracking on this site.',
  },
  home: {
    title: 'Mana Chat: every AI model in one chat that never loses a reply',
    description:
      'Talk to GPT, Claude, Gemini, Llama and hundreds more from one account. Replies survive reloads, follow you to your phone and show their cost. Self-host in one command.',
    eyebrow: 'Hundreds of models · one account',
    headline: 'Every AI model. One chat that never loses a reply.',
    lead:
      'Talk to GPT, Claude, Gemini, Llama, DeepSeek and hundreds more from one account. Replies keep streaming when you close the tab, follow you to your phone, and tell you what they cost. Use it hosted, or run it yourself with one command.',
    primaryCta: 'Start chatting',
    secondaryCta: 'See models and prices',
    screenshotAlt:
      'The Mana Chat chat screen: a sidebar of conversations, a model picker set to Claude Sonnet 4 at $3 input and $15 output per million tokens, and replies that show their token count and cost.',
    screenshotCaption: 'The Mana Chat web app: a streamed reply with its model, tokens, cost and time',
    facts: ['OpenRouter and local models', 'Web, iPhone and Android', 'OpenAI-compatible API', 'English and German'],
    whatTitle: 'What it does',
    whatLead:
      'Mana Chat is a chat app for people who use more than one AI model. One account reaches the whole catalog of OpenRouter and any model you run yourself. Your conversations live on the server, so every device sees the same chats, down to the reply that is still being written.',
    whatItems: [
      { title: 'Ask any model', body: 'Pick a model per conversation, switch in the middle, or send one prompt to several models and compare.' },
      { title: 'Keep every version', body: 'Edit a question or regenerate an answer: the old branch stays, and you switch between them.' },
      { title: 'Find anything', body: 'Search across all your conversations. Markdown, code with highlighting and math render as you read.' },
    ],
    whyTitle: 'Why it beats the usual chat apps',
    usuallyLabel: 'Usually',
    why: [
      {
        id: 'models',
        title: 'Many models in one place',
        body: 'GPT, Claude, Gemini, Llama, DeepSeek, Mistral and hundreds more through OpenRouter, plus local models from Ollama, vLLM or LM Studio. One account, one history.',
        usually: 'one vendor per app, one subscription per vendor.',
      },
      {
        id: 'reloads',
        title: 'Replies that survive reloads',
        body: 'The answer is generated on the server, not in your tab. Reload, lose the connection or close the laptop: the reply keeps going and is saved as it streams.',
        usually: 'a dropped connection loses the half-written answer.',
      },
      {
        id: 'devices',
        title: 'Follows you to your phone',
        body: 'Ask on your laptop, pick up your phone and watch the same reply finish there, mid-sentence. New chats appear on every device without a reload.',
        usually: 'other devices see a chat only once it is done.',
      },
      {
        id: 'cost',
        title: 'Cost shown per message',
        body: 'Every reply shows its tokens and what it cost. The usage page adds it up by model and by day and exports CSV.',
        usually: 'a flat fee, and no idea what one question cost.',
      },
      {
        id: 'spaces',
        title: 'Spaces for teams',
        body: 'Share conversations with your team in spaces, with clear roles: owner, admin, member and viewer.',
        usually: 'chats stuck in one person’s account.',
      },
      {
        id: 'templates',
        title: 'Templates',
        body: 'Save the system prompts you use every day, such as reviewer, translator or tutor, and start a conversation from one.',
        usually: 'pasting the same instructions again and again.',
      },
      {
        id: 'api',
        title: 'An OpenAI-compatible API',
        body: 'Point the official openai client at Mana Chat with a personal API key and use every model from your own code.',
        usually: 'a separate API account and key per vendor.',
      },
      {
        id: 'selfhost',
        title: 'Self-hosting in one command',
        body: 'One command starts the web app and the API with an embedded PostgreSQL. No other service needed; scale out later.',
        usually: 'your conversations live on someone else’s servers.',
      },
    ],
    apiTitle: 'Every model, from your own code',
    apiLead:
      'The same models and the same cost tracking, through the OpenAI chat-completions API your tools already speak. Streaming included.',
    selfHostTitle: 'Yours to run',
    selfHostLead: 'The whole product is open and runs on one machine. No Docker, no database server, no account anywhere.',
    selfHostSteps: [
      { title: 'Start it', body: 'Web app and API on http://127.0.0.1:3002, with an embedded database.' },
      { title: 'Add models', body: 'Set OPENROUTER_API_KEY for the cloud catalog, or OPENAI_COMPATIBLE_BASE_URL for Ollama, vLLM or LM Studio. The built-in offline model works with no key at all.' },
      { title: 'Grow', body: 'Set DATABASE_URL and REDIS_URL and run as many replicas as you need. Replies still survive and follow you.' },
    ],
    faqTitle: 'Questions',
    faqMore: 'All questions',
    ctaTitle: 'Try every model today',
    ctaLead: 'Create an account and ask your first question in under a minute.',
  },
  pricing: {
    title: 'Pricing',
    metaTitle: 'Pricing: Mana Chat is free, models cost what the provider charges',
    description:
      'Mana Chat has no seat fees. Cloud models cost their provider’s price per token, shown on every reply; local and free models cost nothing.',
    lead: 'Mana Chat itself costs nothing. Models cost what their provider charges per token, and every reply tells you exactly how much that was.',
    plans: [
      {
        id: 'software',
        name: 'Mana Chat',
        price: 'Free',
        unit: 'no seats, no subscription',
        points: ['Every feature: spaces, templates, compare, API', 'Web, iPhone and Android apps', 'Hosted, or on your own server', 'Open source'],
      },
      {
        id: 'cloud',
        name: 'Cloud models',
        price: 'Per token',
        unit: 'at the provider’s list price',
        points: ['Hundreds of models through OpenRouter', 'Price per 1M tokens listed for every model', 'Cost shown on every reply', 'Usage by model and day, CSV export'],
      },
      {
        id: 'local',
        name: 'Local and free models',
        price: 'Free',
        unit: 'your hardware, your electricity',
        points: ['Ollama, vLLM, LM Studio or any OpenAI-compatible server', 'Free models from the catalog', 'Built-in offline model, no key needed', 'Prompts never leave your network (local models)'],
      },
    ],
    examplesTitle: 'What does a message cost?',
    examplesLead: (prompt: string, reply: string) =>
      `A typical message: ${prompt} tokens in (your question and the conversation so far) and ${reply} tokens out (the reply).`,
    examplesModel: 'Model',
    examplesPerMessage: 'One message',
    examplesPerDollar: 'Messages per $1',
    hostedNote:
      'On a hosted instance, its operator decides how model usage is paid for; see the terms. Prices are the providers’ list prices in US dollars.',
    seeAllModels: 'See all models and prices',
  },
  models: {
    title: 'Models and prices',
    metaTitle: 'Models and prices per 1M tokens',
    description: 'Every model in the Mana Chat catalog with its context length and its price per 1M input and output tokens.',
    lead: (count: number, date: string) =>
      `${count} models in the catalog, with context length and price per 1M tokens in US dollars, from OpenRouter as of ${date}.`,
    caption: 'Models with context length and price per 1M tokens (USD)',
    columnModel: 'Model',
    columnContext: 'Context (tokens)',
    columnInput: 'Input per 1M',
    columnOutput: 'Output per 1M',
    legendTitle: 'How to read the table',
    legend: [
      'Input: the tokens you send, which include the conversation so far. Output: the tokens the model writes.',
      'Free: the provider charges nothing for this model.',
      'Varies: a router model that picks a model for each request and charges that model’s price.',
      'Context: the most tokens the model reads and writes in one request.',
    ],
    snapshotNote:
      'This page is a snapshot taken when the site was built. The app always shows current prices in the model picker and the real cost on each reply. Your own local models appear in the app as well.',
  },
  faq: {
    title: 'Frequently asked questions',
    lead: 'Short answers about models, costs, privacy, your devices and running Mana Chat yourself.',
    metaTitle: 'FAQ',
    description: 'Answers about Mana Chat: models, keys, costs, privacy, devices, the API and self-hosting.',
    items: [
      {
        q: 'What is Mana Chat?',
        a: 'A chat app for AI models. One account reaches hundreds of cloud models through OpenRouter and any model you run yourself, on the web and on your phone, with the cost of every message in plain sight.',
      },
      {
        q: 'Which models can I use?',
        a: 'Everything in the OpenRouter catalog (GPT, Claude, Gemini, Llama, DeepSeek, Mistral and many more), any model behind an OpenAI-compatible server such as Ollama, vLLM or LM Studio, and a built-in offline model that needs no network.',
      },
      {
        q: 'Do I need my own API key?',
        a: 'Not on a hosted instance. On your own server, add an OpenRouter key for cloud models or point it at a local model server. With neither, the built-in offline model still lets you try everything.',
      },
      {
        q: 'What happens to a reply if I close the tab?',
        a: 'Nothing bad. Replies are generated and saved on the server, so they finish without you. Reopen the chat, on any device, and you see the reply, still streaming if it is not done yet. Stop ends it on purpose and keeps what was written.',
      },
      {
        q: 'Can I continue on my phone?',
        a: 'Yes. The iPhone and Android app shows the same conversations, and a reply that started on your laptop keeps streaming on your phone.',
      },
      {
        q: 'How is the cost of a message worked out?',
        a: 'From the tokens the provider reports for that reply, times the model’s price per token. You see it under each reply and, added up, on the usage page.',
      },
      {
        q: 'Are my conversations used to train models?',
        a: 'Mana Chat does not train on, sell or share your conversations. Your prompts go to the provider of the model you choose, and its own policy applies; local models keep them on your network.',
      },
      {
        q: 'Can I use Mana Chat from my own code?',
        a: 'Yes. Create a personal API key and call the OpenAI-compatible endpoint at /api/v1/chat/completions with the official openai client or any tool that speaks that API.',
      },
      {
        q: 'How do I host it myself?',
        a: 'Run npm install && npm start. That builds the apps, creates an embedded database and serves everything on one port. For more users, add PostgreSQL and Redis and run several copies.',
      },
      {
        q: 'Can my team use it together?',
        a: 'Yes. Spaces hold shared conversations, and every member has a role: owner, admin, member or viewer.',
      },
    ],
  },
  legal: {
    lastUpdated: 'Last updated',
    fillInNote: 'Highlighted fields are filled in by the operator of this instance.',
  },
  notFound: {
    title: 'Page not found',
    description: 'This page does not exist.',
    body: 'The page you were looking for is not here.',
    back: 'Back to the home page',
  },
  social: {
    imageAlt: 'Mana Chat: every AI model in one chat that never loses a reply.',
  },
};

export type Messages = typeof en;
