package dev.trader.replay.live;

import dev.trader.engine.testing.SharedFixtures;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A prefix of the recorded Binance USD-M BTCUSDT capture ({@code binance-usdm/capture-btcusdt-20240808.gz} in the
 * shared data folder, read in place): lines {@code <receive ts ns> <json>}, combined-stream envelopes, and one inline
 * REST depth snapshot (a top-level {@code lastUpdateId}) after the first few diffs.
 */
final class BinanceCapture
{
    static final String FILE = "data/binance-usdm/capture-btcusdt-20240808.gz";

    final List<Long> receiveTsNs = new ArrayList<>();
    final List<String> json = new ArrayList<>();
    final int snapshotIndex;

    private BinanceCapture(final Path file, final int maxLines) throws IOException
    {
        int snapshot = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
            StandardCharsets.UTF_8)))
        {
            String line;
            while (json.size() < maxLines && (line = in.readLine()) != null)
            {
                final int space = line.indexOf(' ');
                receiveTsNs.add(Long.parseLong(line.substring(0, space)));
                final String j = line.substring(space + 1);
                if (j.startsWith("{\"lastUpdateId\""))
                {
                    snapshot = json.size();
                }
                json.add(j);
            }
        }
        if (snapshot < 0)
        {
            throw new IllegalStateException("no inline REST snapshot in the first " + maxLines + " lines of " + file);
        }
        this.snapshotIndex = snapshot;
    }

    /** The first {@code maxLines} lines; skips the test (assumption) when the shared data folder is absent. */
    static BinanceCapture load(final int maxLines) throws IOException
    {
        return new BinanceCapture(SharedFixtures.require(FILE), maxLines);
    }

    int size()
    {
        return json.size();
    }

    static boolean isDepth(final String line)
    {
        return line.startsWith("{\"stream\":\"btcusdt@depth");
    }

    boolean isDepth(final int index)
    {
        return isDepth(json.get(index));
    }

    /** Index of the first depth diff at or after {@code index}. */
    int depthAtOrAfter(final int index)
    {
        for (int i = index; i < json.size(); i++)
        {
            if (isDepth(i))
            {
                return i;
            }
        }
        throw new IllegalArgumentException("no depth diff after line " + index);
    }

    /** WebSocket lines before the inline snapshot. */
    int framesBeforeSnapshot()
    {
        return snapshotIndex;
    }
}
