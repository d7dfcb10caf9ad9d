import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../main/inbox/html-text';

describe('htmlToText', () => {
  it.each([
    ['block elements become lines, paragraphs keep one gap', '<p>One</p><div>Two</div>Three<br>Four', 'One\n\nTwo\nThree\nFour'],
    ['cells become spaces', '<table><tr><td>Code</td><td>123456</td></tr></table>', 'Code 123456'],
    ['scripts, styles and comments vanish', '<style>.a{}</style><script>var x=1</script><!-- 999999 -->Hi', 'Hi'],
    ['entities are decoded', 'caf&eacute; &amp; &#8212; &#x41; &nbsp;ok', 'café & — A ok'],
    ['unknown entities stay', '&bogus; &#99999999;', '&bogus; &#99999999;'],
    ['whitespace collapses', '<p>  a \n\t b  </p>\n\n\n<p>c</p>', 'a\nb\n\nc'],
  ])('%s', (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});
