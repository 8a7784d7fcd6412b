package dev.trader.adapters.live;

import okhttp3.Headers;

import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * How long a venue's HTTP answer (a refused WebSocket upgrade, a failed REST snapshot) tells us to wait before asking
 * again. The result is a floor under the regular backoff, never a replacement:
 *
 * <ul>
 *   <li>{@code Retry-After}, on any status: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). Binance sends it
 *       with every 429 and 418: "the number of seconds required to wait, in the case of a 429, to prevent a ban, or,
 *       in the case of a 418, until the ban is over" (developers.binance.com, USDⓈ-M Futures General Info, LIMITS).
 *       A date is measured against the answer's own {@code Date} header (both from the venue's clock, so our clock's
 *       skew does not matter), else against our wall clock. Capped at {@code maxRetryAfter} (default 3 days, Binance's
 *       longest ban: "IP bans ... scale in duration for repeat offenders, from 2 minutes to 3 days"), so a broken value
 *       can neither overflow nor park a connection for ever; a value that is neither form is ignored and said so.</li>
 *   <li>418 or 403 without {@code Retry-After}: {@code banWait} (default 10 min). Binance answers 418 to an IP it
 *       auto-banned for continuing after 429s, and 403 when a WAF limit was broken ("usually ... 5 minutes"); Bybit
 *       answers 403 to an IP over its limit ("wait for at least 10 minutes"). Asking again sooner only prolongs it.</li>
 *   <li>429 without {@code Retry-After} (OKX's 50011 "Rate limit reached" is an HTTP 429): at least
 *       {@code reconnect.maxBackoff}: back off, do not spam (Binance: "When a 429 is received, it's your obligation as
 *       an API to back off").</li>
 * </ul>
 */
final class RetryRule
{
    /** Longer than any delay-seconds the cap allows; a longer digit string is capped without parsing. */
    private static final int MAX_DIGITS = 15;

    private final long banWaitMs;
    private final long maxRetryAfterMs;
    private final long rateLimitedMs;

    /**
     * @param banWaitMs       wait after a 418 or 403 without Retry-After
     * @param maxRetryAfterMs the most a Retry-After is honoured
     * @param rateLimitedMs   wait after a 429 without Retry-After
     */
    RetryRule(final long banWaitMs, final long maxRetryAfterMs, final long rateLimitedMs)
    {
        this.banWaitMs = banWaitMs;
        this.maxRetryAfterMs = maxRetryAfterMs;
        this.rateLimitedMs = rateLimitedMs;
    }

    static RetryRule of(final VenueSettings settings)
    {
        return new RetryRule(settings.banWait().toMillis(), settings.maxRetryAfter().toMillis(), settings.maxBackoff().toMillis());
    }

    /** A wait the venue asked for (0: none) and why, in words for the journal and the console ("Retry-After 7 s"). */
    record Wait(long ms, String why)
    {
        static final Wait NONE = new Wait(0, "");
    }

    /**
     * @param status     the HTTP status of the answer
     * @param headers    its headers
     * @param nowEpochMs our wall clock, used only for a Retry-After date when the answer has no Date header
     */
    Wait after(final int status, final Headers headers, final long nowEpochMs)
    {
        final String header = headers.get("Retry-After");
        if (header == null)
        {
            return withoutRetryAfter(status, "no Retry-After");
        }
        final String value = header.trim();
        final boolean delaySeconds = isDigits(value);
        final String said = "Retry-After " + value + (delaySeconds ? " s" : "");
        final long ms;
        if (delaySeconds)
        {
            ms = value.length() > MAX_DIGITS ? Long.MAX_VALUE : TimeUnit.SECONDS.toMillis(Long.parseLong(value));
        }
        else
        {
            final Date at = headers.getDate("Retry-After"); // OkHttp reads IMF-fixdate and the obsolete forms RFC 9110 requires
            if (at == null)
            {
                final String ignored = "unreadable Retry-After '" + value + "' ignored";
                final Wait instead = withoutRetryAfter(status, ignored);
                return instead.ms() > 0 ? instead : new Wait(0, ignored);
            }
            final Date serverNow = headers.getDate("Date");
            ms = Math.max(0, at.getTime() - (serverNow != null ? serverNow.getTime() : nowEpochMs));
        }
        if (ms > maxRetryAfterMs)
        {
            return new Wait(maxRetryAfterMs, said + ", capped at maxRetryAfter " + seconds(maxRetryAfterMs));
        }
        return new Wait(ms, delaySeconds ? said : said + " = " + seconds(ms));
    }

    /** The wait for a status whose answer carries no usable Retry-After; {@code said} opens the explanation. */
    private Wait withoutRetryAfter(final int status, final String said)
    {
        if (status == 418 || status == 403)
        {
            return new Wait(banWaitMs, said + ": banWait " + seconds(banWaitMs));
        }
        if (status == 429)
        {
            return new Wait(rateLimitedMs, said + ": maxBackoff " + seconds(rateLimitedMs));
        }
        return Wait.NONE;
    }

    private static boolean isDigits(final String value)
    {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A wait in words: "35 ms", "7 s", "1.5 s". */
    static String seconds(final long ms)
    {
        if (ms < 1000)
        {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
