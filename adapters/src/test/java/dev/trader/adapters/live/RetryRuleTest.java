package dev.trader.adapters.live;

import okhttp3.Headers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every form of a venue's "wait" answer, against the rule's documented reading ({@link RetryRule}). */
class RetryRuleTest
{
    private static final long NOW_MS = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
    private static final String SERVER_NOW = "Thu, 08 Aug 2024 12:00:00 GMT";
    private final RetryRule rule = new RetryRule(600_000, 259_200_000, 30_000);

    private RetryRule.Wait after(final int status, final String... headers)
    {
        return rule.after(status, Headers.of(headers), NOW_MS);
    }

    @Test
    void shouldReadDelaySeconds()
    {
        assertEquals(new RetryRule.Wait(7_000, "Retry-After 7 s"), after(429, "Retry-After", "7"));
        assertEquals(new RetryRule.Wait(0, "Retry-After 0 s"), after(429, "Retry-After", "0"));
        assertEquals(new RetryRule.Wait(120_000, "Retry-After 120 s"), after(418, "Retry-After", " 120 "), "the 418's own wait, not banWait");
    }

    @Test
    void shouldCapAbsurdValuesAtMaxRetryAfter()
    {
        assertEquals(new RetryRule.Wait(259_200_000, "Retry-After 259201 s, capped at maxRetryAfter 259200 s"),
            after(418, "Retry-After", "259201"));
        assertEquals(new RetryRule.Wait(259_200_000, "Retry-After 99999999999999999999 s, capped at maxRetryAfter 259200 s"),
            after(418, "Retry-After", "99999999999999999999"), "too long for a long: capped, not an overflow");
        assertEquals(new RetryRule.Wait(259_200_000, "Retry-After Fri, 31 Dec 9999 23:59:59 GMT, capped at maxRetryAfter 259200 s"),
            after(503, "Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"));
    }

    @Test
    void shouldReadEveryHttpDateFormAgainstTheAnswersDateHeader()
    {
        assertEquals(42_000, after(429, "Date", SERVER_NOW, "Retry-After", "Thu, 08 Aug 2024 12:00:42 GMT").ms(), "IMF-fixdate");
        assertEquals(42_000, after(429, "Date", SERVER_NOW, "Retry-After", "Thursday, 08-Aug-24 12:00:42 GMT").ms(), "RFC 850");
        assertEquals(42_000, after(429, "Date", SERVER_NOW, "Retry-After", "Thu Aug  8 12:00:42 2024").ms(), "asctime");
        assertEquals(new RetryRule.Wait(0, "Retry-After Thu, 08 Aug 2024 11:59:00 GMT = 0 ms"),
            after(429, "Date", SERVER_NOW, "Retry-After", "Thu, 08 Aug 2024 11:59:00 GMT"), "a date already past: no wait");
        assertEquals(new RetryRule.Wait(90_000, "Retry-After Tue, 14 Nov 2023 22:14:50 GMT = 90 s"),
            after(503, "Retry-After", "Tue, 14 Nov 2023 22:14:50 GMT"), "no Date header: our clock");
    }

    @Test
    void shouldFallBackToTheStatusRuleWhenRetryAfterIsMissingOrUnreadable()
    {
        assertEquals(new RetryRule.Wait(600_000, "no Retry-After: banWait 600 s"), after(418));
        assertEquals(new RetryRule.Wait(600_000, "no Retry-After: banWait 600 s"), after(403));
        assertEquals(new RetryRule.Wait(30_000, "no Retry-After: maxBackoff 30 s"), after(429));
        assertEquals(RetryRule.Wait.NONE, after(503));
        assertEquals(RetryRule.Wait.NONE, after(404));
        assertEquals(new RetryRule.Wait(30_000, "unreadable Retry-After '-5' ignored: maxBackoff 30 s"), after(429, "Retry-After", "-5"));
        assertEquals(new RetryRule.Wait(600_000, "unreadable Retry-After '1.5' ignored: banWait 600 s"), after(418, "Retry-After", "1.5"));
        assertEquals(new RetryRule.Wait(0, "unreadable Retry-After 'soon' ignored"), after(503, "Retry-After", "soon"));
    }
}
