package dev.trader.app;

import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.replay.BookQuery;
import dev.trader.replay.ReplayRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

@Command(name = "book", mixinStandardHelpOptions = true,
    description = {"Print an instrument's order book as the engine held it after a journal's events (up to --at),",
        "as JSON: {\"symbol\",\"trusted\",\"lastUpdateId\",\"bids\":[[price,qty],...],\"asks\":[...]}, best first,",
        "decimal strings as the venue wrote them."})
final class BookCommand implements Callable<Integer>
{
    @Option(names = "--journal", required = true, description = "input journal (raw wire or parsed events)")
    Path journal;

    @Option(names = "--symbol", required = true, description = "symbol, or venue:SYMBOL when several venues list it")
    String symbol;

    @Option(names = "--depth", description = "levels per side (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int depth;

    @Option(names = "--at", description = "engine time to stop at: epoch ns, epoch ms, or ISO-8601 (2024-08-09T00:00:00Z)")
    String at;

    @Option(names = "--config", description = "config (default: configs/replay.yaml)")
    Path config;

    @Override
    public Integer call()
    {
        if (depth <= 0)
        {
            throw new IllegalArgumentException("--depth must be positive");
        }
        final TraderConfig cfg = TraderConfig.load(config != null ? config : Home.config("replay.yaml"));
        final Instrument instrument = cfg.instruments().resolve(symbol);
        System.out.println(ReplayRunner.toJson(BookQuery.bookAt(journal, cfg, instrument, parseTime(at), depth)));
        return 0;
    }

    static long parseTime(final String text)
    {
        if (text == null)
        {
            return Long.MAX_VALUE;
        }
        final String t = text.trim();
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty())
        {
            final long v = Long.parseLong(t);
            return v < 100_000_000_000_000L ? v * 1_000_000L : v;
        }
        try
        {
            final Instant i = Instant.parse(t);
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        }
        catch (final DateTimeParseException ex)
        {
            throw new IllegalArgumentException("--at '" + text + "' is neither epoch ns/ms nor an ISO-8601 instant", ex);
        }
    }
}
