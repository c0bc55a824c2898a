import { parseSnippet } from './snippet';

describe('search snippets', () => {
  it('marks the hits and unescapes the rest as plain text', () => {
    expect(parseSnippet('say &lt;b&gt;<mark>hello</mark>&lt;/b&gt; &amp; <mark>wave</mark>')).toEqual([
      { text: 'say <b>', marked: false },
      { text: 'hello', marked: true },
      { text: '</b> & ', marked: false },
      { text: 'wave', marked: true },
    ]);
  });

  it('leaves other tags as text', () => {
    expect(parseSnippet('<script>x</script>')).toEqual([{ text: '<script>x</script>', marked: false }]);
  });
});
