import type { Messages } from './en';

export const de: Messages = {
  siteName: 'Mana Chat',
  skipToContent: 'Zum Inhalt springen',
  nav: {
    label: 'Hauptmenü',
    models: 'Modelle',
    pricing: 'Preise',
    faq: 'FAQ',
    openApp: 'App öffnen',
    signUp: 'Registrieren',
    language: 'Sprache',
    switchTo: 'English',
    home: 'Mana Chat Startseite',
  },
  footer: {
    tagline: 'Jedes KI-Modell in einem Chat, der keine Antwort verliert.',
    product: 'Produkt',
    legal: 'Rechtliches',
    privacy: 'Datenschutz',
    imprint: 'Impressum',
    terms: 'Nutzungsbedingungen',
    cookies: 'Cookies',
    noTracking: 'Keine Cookies, kein Tracking auf dieser Website.',
  },
  home: {
    title: 'Mana Chat: jedes KI-Modell in einem Chat, der keine Antwort verliert',
    description:
      'GPT, Claude, Gemini, Llama und Hunderte mehr mit einem Konto. Antworten überstehen Neuladen, folgen dir aufs Handy und zeigen ihre Kosten. Selbst hosten mit einem Befehl.',
    eyebrow: 'Hunderte Modelle · ein Konto',
    headline: 'Jedes KI-Modell. Ein Chat, der keine Antwort verliert.',
    lead:
      'Sprich mit GPT, Claude, Gemini, Llama, DeepSeek und Hunderten mehr – mit einem Konto. Antworten laufen weiter, wenn du den Tab schließt, folgen dir aufs Handy und sagen dir, was sie gekostet haben. Nutze es gehostet oder betreibe es selbst mit einem Befehl.',
    primaryCta: 'Jetzt chatten',
    secondaryCta: 'Modelle und Preise ansehen',
    screenshotAlt:
      'Der Chat-Bildschirm von Mana Chat: links die Unterhaltungen, oben die Modellauswahl mit Claude Sonnet 4 zu 3 $ Eingabe und 15 $ Ausgabe pro Million Tokens, darunter Antworten mit Tokenzahl und Kosten.',
    screenshotCaption: 'Die Mana-Chat-Web-App: eine gestreamte Antwort mit Modell, Tokens, Kosten und Dauer',
    facts: ['OpenRouter und lokale Modelle', 'Web, iPhone und Android', 'OpenAI-kompatible API', 'Deutsch und Englisch'],
    whatTitle: 'Was es kann',
    whatLead:
      'Mana Chat ist eine Chat-App für alle, die mehr als ein KI-Modell nutzen. Ein Konto erreicht den ganzen Katalog von OpenRouter und jedes Modell, das du selbst betreibst. Deine Unterhaltungen liegen auf dem Server, darum sieht jedes Gerät dieselben Chats – bis hin zur Antwort, die gerade noch geschrieben wird.',
    whatItems: [
      { title: 'Jedes Modell fragen', body: 'Wähle ein Modell pro Unterhaltung, wechsle mittendrin oder schicke eine Frage an mehrere Modelle und vergleiche.' },
      { title: 'Jede Version behalten', body: 'Bearbeite eine Frage oder erzeuge eine Antwort neu: Der alte Zweig bleibt, und du wechselst zwischen ihnen.' },
      { title: 'Alles wiederfinden', body: 'Suche in allen Unterhaltungen. Markdown, Code mit Hervorhebung und Formeln werden sauber dargestellt.' },
    ],
    whyTitle: 'Warum es besser ist als die üblichen Chat-Apps',
    usuallyLabel: 'Sonst',
    why: [
      {
        id: 'models',
        title: 'Viele Modelle an einem Ort',
        body: 'GPT, Claude, Gemini, Llama, DeepSeek, Mistral und Hunderte mehr über OpenRouter, dazu lokale Modelle aus Ollama, vLLM oder LM Studio. Ein Konto, ein Verlauf.',
        usually: 'ein Anbieter pro App, ein Abo pro Anbieter.',
      },
      {
        id: 'reloads',
        title: 'Antworten überstehen Neuladen',
        body: 'Die Antwort entsteht auf dem Server, nicht in deinem Tab. Neu laden, Verbindung weg, Laptop zu: Die Antwort läuft weiter und wird beim Streamen gespeichert.',
        usually: 'eine abgebrochene Verbindung kostet die halbe Antwort.',
      },
      {
        id: 'devices',
        title: 'Folgt dir aufs Handy',
        body: 'Frag am Laptop, nimm dein Handy und sieh zu, wie dieselbe Antwort dort zu Ende geschrieben wird. Neue Chats erscheinen auf jedem Gerät ohne Neuladen.',
        usually: 'andere Geräte sehen einen Chat erst, wenn er fertig ist.',
      },
      {
        id: 'cost',
        title: 'Kosten pro Nachricht',
        body: 'Jede Antwort zeigt ihre Tokens und was sie gekostet hat. Die Nutzungsseite summiert nach Modell und Tag und exportiert CSV.',
        usually: 'eine Pauschale und keine Ahnung, was eine Frage gekostet hat.',
      },
      {
        id: 'spaces',
        title: 'Spaces für Teams',
        body: 'Teile Unterhaltungen mit deinem Team in Spaces, mit klaren Rollen: Owner, Admin, Mitglied und Betrachter.',
        usually: 'Chats stecken im Konto einer einzelnen Person fest.',
      },
      {
        id: 'templates',
        title: 'Vorlagen',
        body: 'Speichere die Systemprompts, die du täglich brauchst, etwa Reviewer, Übersetzer oder Tutor, und starte daraus eine Unterhaltung.',
        usually: 'dieselben Anweisungen immer wieder einfügen.',
      },
      {
        id: 'api',
        title: 'Eine OpenAI-kompatible API',
        body: 'Richte den offiziellen openai-Client mit einem persönlichen API-Schlüssel auf Mana Chat und nutze jedes Modell aus deinem eigenen Code.',
        usually: 'ein eigenes API-Konto und ein Schlüssel pro Anbieter.',
      },
      {
        id: 'selfhost',
        title: 'Selbst hosten mit einem Befehl',
        body: 'Ein Befehl startet Web-App und API mit eingebettetem PostgreSQL. Kein weiterer Dienst nötig; später skalieren.',
        usually: 'deine Unterhaltungen liegen auf fremden Servern.',
      },
    ],
    apiTitle: 'Jedes Modell, aus deinem eigenen Code',
    apiLead:
      'Dieselben Modelle und dieselbe Kostenübersicht über die OpenAI-Chat-Completions-API, die deine Werkzeuge schon sprechen. Mit Streaming.',
    selfHostTitle: 'Gehört dir',
    selfHostLead: 'Das ganze Produkt ist offen und läuft auf einem Rechner. Kein Docker, kein Datenbankserver, nirgends ein Konto.',
    selfHostSteps: [
      { title: 'Starten', body: 'Web-App und API auf http://127.0.0.1:3002, mit eingebetteter Datenbank.' },
      { title: 'Modelle anbinden', body: 'Setze OPENROUTER_API_KEY für den Cloud-Katalog oder OPENAI_COMPATIBLE_BASE_URL für Ollama, vLLM oder LM Studio. Das eingebaute Offline-Modell läuft ganz ohne Schlüssel.' },
      { title: 'Wachsen', body: 'Setze DATABASE_URL und REDIS_URL und betreibe so viele Instanzen wie nötig. Antworten überstehen trotzdem alles und folgen dir.' },
    ],
    faqTitle: 'Fragen',
    faqMore: 'Alle Fragen',
    ctaTitle: 'Probiere heute jedes Modell aus',
    ctaLead: 'Leg ein Konto an und stell deine erste Frage in unter einer Minute.',
  },
  pricing: {
    title: 'Preise',
    metaTitle: 'Preise: Mana Chat ist kostenlos, Modelle kosten, was der Anbieter verlangt',
    description:
      'Mana Chat kostet keine Gebühr pro Platz. Cloud-Modelle kosten den Tokenpreis ihres Anbieters, sichtbar bei jeder Antwort; lokale und kostenlose Modelle kosten nichts.',
    lead: 'Mana Chat selbst kostet nichts. Modelle kosten, was ihr Anbieter pro Token verlangt, und jede Antwort sagt dir genau, wie viel das war.',
    plans: [
      {
        id: 'software',
        name: 'Mana Chat',
        price: 'Kostenlos',
        unit: 'keine Plätze, kein Abo',
        points: ['Alle Funktionen: Spaces, Vorlagen, Vergleich, API', 'Web-App, iPhone und Android', 'Gehostet oder auf deinem eigenen Server', 'Open Source'],
      },
      {
        id: 'cloud',
        name: 'Cloud-Modelle',
        price: 'Pro Token',
        unit: 'zum Listenpreis des Anbieters',
        points: ['Hunderte Modelle über OpenRouter', 'Preis pro 1 Mio. Tokens für jedes Modell gelistet', 'Kosten bei jeder Antwort sichtbar', 'Nutzung nach Modell und Tag, CSV-Export'],
      },
      {
        id: 'local',
        name: 'Lokale und kostenlose Modelle',
        price: 'Kostenlos',
        unit: 'deine Hardware, dein Strom',
        points: ['Ollama, vLLM, LM Studio oder jeder OpenAI-kompatible Server', 'Kostenlose Modelle aus dem Katalog', 'Eingebautes Offline-Modell, kein Schlüssel nötig', 'Prompts verlassen dein Netz nicht (lokale Modelle)'],
      },
    ],
    examplesTitle: 'Was kostet eine Nachricht?',
    examplesLead: (prompt: string, reply: string) =>
      `Eine typische Nachricht: ${prompt} Tokens hinein (deine Frage und die bisherige Unterhaltung) und ${reply} Tokens heraus (die Antwort).`,
    examplesModel: 'Modell',
    examplesPerMessage: 'Eine Nachricht',
    examplesPerDollar: 'Nachrichten pro 1 $',
    hostedNote:
      'Auf einer gehosteten Instanz entscheidet deren Betreiber, wie die Modellnutzung bezahlt wird; siehe die Nutzungsbedingungen. Preise sind die Listenpreise der Anbieter in US-Dollar.',
    seeAllModels: 'Alle Modelle und Preise ansehen',
  },
  models: {
    title: 'Modelle und Preise',
    metaTitle: 'Modelle und Preise pro 1 Mio. Tokens',
    description: 'Jedes Modell im Katalog von Mana Chat mit Kontextlänge und Preis pro 1 Mio. Eingabe- und Ausgabe-Tokens.',
    lead: (count: number, date: string) =>
      `${count} Modelle im Katalog, mit Kontextlänge und Preis pro 1 Mio. Tokens in US-Dollar, von OpenRouter, Stand ${date}.`,
    caption: 'Modelle mit Kontextlänge und Preis pro 1 Mio. Tokens (USD)',
    columnModel: 'Modell',
    columnContext: 'Kontext (Tokens)',
    columnInput: 'Eingabe pro 1 Mio.',
    columnOutput: 'Ausgabe pro 1 Mio.',
    legendTitle: 'So liest du die Tabelle',
    legend: [
      'Eingabe: die Tokens, die du sendest, einschließlich der bisherigen Unterhaltung. Ausgabe: die Tokens, die das Modell schreibt.',
      'Gratis: Der Anbieter verlangt für dieses Modell nichts.',
      'Variabel: ein Router-Modell, das für jede Anfrage ein Modell wählt und dessen Preis berechnet.',
      'Kontext: die meisten Tokens, die das Modell in einer Anfrage liest und schreibt.',
    ],
    snapshotNote:
      'Diese Seite ist eine Momentaufnahme vom Bau der Website. Die App zeigt in der Modellauswahl immer die aktuellen Preise und bei jeder Antwort die tatsächlichen Kosten. Deine eigenen lokalen Modelle erscheinen dort ebenfalls.',
  },
  faq: {
    title: 'Häufige Fragen',
    lead: 'Kurze Antworten zu Modellen, Kosten, Datenschutz, deinen Geräten und dem Selbsthosten von Mana Chat.',
    metaTitle: 'FAQ',
    description: 'Antworten zu Mana Chat: Modelle, Schlüssel, Kosten, Datenschutz, Geräte, API und Selbsthosten.',
    items: [
      {
        q: 'Was ist Mana Chat?',
        a: 'Eine Chat-App für KI-Modelle. Ein Konto erreicht Hunderte Cloud-Modelle über OpenRouter und jedes Modell, das du selbst betreibst, im Web und auf dem Handy, und die Kosten jeder Nachricht sind immer sichtbar.',
      },
      {
        q: 'Welche Modelle kann ich nutzen?',
        a: 'Alles aus dem OpenRouter-Katalog (GPT, Claude, Gemini, Llama, DeepSeek, Mistral und viele mehr), jedes Modell hinter einem OpenAI-kompatiblen Server wie Ollama, vLLM oder LM Studio und ein eingebautes Offline-Modell, das kein Netz braucht.',
      },
      {
        q: 'Brauche ich einen eigenen API-Schlüssel?',
        a: 'Nicht auf einer gehosteten Instanz. Auf deinem eigenen Server hinterlegst du einen OpenRouter-Schlüssel für Cloud-Modelle oder verbindest einen lokalen Modellserver. Ohne beides kannst du mit dem eingebauten Offline-Modell trotzdem alles ausprobieren.',
      },
      {
        q: 'Was passiert mit einer Antwort, wenn ich den Tab schließe?',
        a: 'Nichts Schlimmes. Antworten entstehen und werden gespeichert auf dem Server, sie werden also auch ohne dich fertig. Öffne den Chat wieder, auf irgendeinem Gerät, und du siehst die Antwort – noch streamend, wenn sie nicht fertig ist. Stopp beendet sie absichtlich und behält, was schon geschrieben wurde.',
      },
      {
        q: 'Kann ich auf dem Handy weitermachen?',
        a: 'Ja. Die App für iPhone und Android zeigt dieselben Unterhaltungen, und eine Antwort, die am Laptop begonnen hat, streamt auf dem Handy weiter.',
      },
      {
        q: 'Wie werden die Kosten einer Nachricht berechnet?',
        a: 'Aus den Tokens, die der Anbieter für diese Antwort meldet, mal dem Tokenpreis des Modells. Du siehst sie unter jeder Antwort und summiert auf der Nutzungsseite.',
      },
      {
        q: 'Werden meine Unterhaltungen zum Training von Modellen verwendet?',
        a: 'Mana Chat trainiert nicht mit deinen Unterhaltungen, verkauft sie nicht und gibt sie nicht weiter. Deine Prompts gehen an den Anbieter des Modells, das du wählst, und dessen Richtlinien gelten; lokale Modelle behalten sie in deinem Netz.',
      },
      {
        q: 'Kann ich Mana Chat aus meinem eigenen Code nutzen?',
        a: 'Ja. Erstelle einen persönlichen API-Schlüssel und rufe den OpenAI-kompatiblen Endpunkt /api/v1/chat/completions mit dem offiziellen openai-Client oder jedem Werkzeug auf, das diese API spricht.',
      },
      {
        q: 'Wie hoste ich es selbst?',
        a: 'Führe npm install && npm start aus. Das baut die Apps, legt eine eingebettete Datenbank an und stellt alles auf einem Port bereit. Für mehr Nutzer kommen PostgreSQL und Redis dazu, und du startest mehrere Instanzen.',
      },
      {
        q: 'Kann mein Team es gemeinsam nutzen?',
        a: 'Ja. Spaces enthalten gemeinsame Unterhaltungen, und jedes Mitglied hat eine Rolle: Owner, Admin, Mitglied oder Betrachter.',
      },
    ],
  },
  legal: {
    lastUpdated: 'Stand',
    fillInNote: 'Hervorgehobene Felder füllt der Betreiber dieser Instanz aus.',
  },
  notFound: {
    title: 'Seite nicht gefunden',
    description: 'Diese Seite gibt es nicht.',
    body: 'Die gesuchte Seite ist nicht hier.',
    back: 'Zur Startseite',
  },
  social: {
    imageAlt: 'Mana Chat: jedes KI-Modell in einem Chat, der keine Antwort verliert.',
  },
};
