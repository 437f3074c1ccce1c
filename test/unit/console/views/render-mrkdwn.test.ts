import { describe, expect, it } from 'vitest';
import { renderMrkdwn } from '../../../../src/console/views/render-mrkdwn.js';

describe('renderMrkdwn', () => {
  it('renders bold, italic, strike, code and line breaks as Slack shows them', () => {
    expect(renderMrkdwn('*Ada* said _hi_ ~no~ `x<y`\nnext').text).toBe(
      '<strong>Ada</strong> said <em>hi</em> <del>no</del> <code>x&lt;y</code><br>next',
    );
  });

  it('reads Slack escapes back and escapes again for HTML: markup in the text stays text', () => {
    expect(renderMrkdwn('&lt;img src=x onerror=alert(1)&gt; &amp; x').text).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; x',
    );
    // Unescaped angle brackets are a Slack control sequence: Slack shows `<script>` as the text "script".
    expect(renderMrkdwn('a <script> b').text).toBe('a script b');
  });

  it('links only http(s) URLs; a javascript: link shows as its text', () => {
    expect(renderMrkdwn('<https://example.com/a?b=1&amp;c=2|the "page">').text).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">the &quot;page&quot;</a>',
    );
    expect(renderMrkdwn('<javascript:alert(1)|click me>').text).toBe('click me');
    expect(renderMrkdwn('<javascript:alert(1)>').text).toBe('javascript:alert(1)');
    expect(renderMrkdwn('<@U123>').text).toBe('<span class="mention">@U123</span>');
  });
});
