package dev.trader.replay.dataset;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.Journal;
import dev.trader.journal.JournalReader;
import dev.trader.replay.JournalBoundary;
import dev.trader.strategies.binance.BinanceLongLabelSettings;
import dev.trader.strategies.binance.BinanceLongLabeler;
import dev.trader.strategies.binance.BinanceLongLabels;
import dev.trader.strategies.labels.OhlcBars;
import dev.trader.strategies.labels.TripleBarrierLabeler;
import org.agrona.collections.Int2ObjectHashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code trader export dataset}: replays a journal through the config's stage plan (synchronously, like
 * {@link dev.trader.replay.BookQuery}; nothing is written but the CSV), collects the completed bars of
 * {@code dataset.interval} of one instrument, labels the whole series, and writes one row per bar:
 *
 * <pre>
 *   timestamp,[features in manifest order],y_binance_long,y_triple_barrier
 * </pre>
 *
 * {@code timestamp} is the bar's open time in epoch milliseconds. {@code y_binance_long} is seed 000 section 5
 * {@code label_binance_long} ({@link BinanceLongLabeler}): 1 or -1, empty for unresolved rows only with
 * {@code unresolved: empty}. {@code y_triple_barrier} is 1, -1, 0 (timeout) or empty ({@link TripleBarrierLabeler}).
 * Labels are computed over every collected bar before rows are chosen, so a row's label never depends on whether
 * earlier (or any other) rows are exported. Invalid journal frames, and parsed market events that fail the boundary
 * sanity checks ({@link JournalBoundary}), are skipped and counted.
 */
public final class DatasetExport
{
    public static final String TIMESTAMP_COLUMN = "timestamp";
    public static final String BINANCE_LONG_COLUMN = "y_binance_long";
    public static final String TRIPLE_BARRIER_COLUMN = "y_triple_barrier";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    /**
     * What an export wrote.
     *
     * @param out            the CSV file
     * @param instrument     the instrument's key (venue:SYMBOL)
     * @param bars           bars collected (all take part in the labels)
     * @param rows           rows written (bars whose features were ready)
     * @param features       the feature columns, in order
     * @param inputEvents    journal events run through the stages
     * @param framesSkipped  journal frames that were not valid events
     * @param binanceLong    y_binance_long over the written rows: wins, losses, unresolved (no bar reached either
     *                       price; written as -1, the seed's default, or empty)
     * @param tripleBarrier  y_triple_barrier over the written rows: upper (+1), lower (-1), timeout (0), unresolved
     */
    public record Result(
        Path out,
        String instrument,
        long bars,
        long rows,
        List<String> features,
        long inputEvents,
        long framesSkipped,
        Map<String, Long> binanceLong,
        Map<String, Long> tripleBarrier)
    {
        public Map<String, Object> toJson()
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("out", out.toString());
            m.put("instrument", instrument);
            m.put("bars", bars);
            m.put("rows", rows);
            m.put("features", features);
            m.put("inputEvents", inputEvents);
            m.put("framesSkipped", framesSkipped);
            m.put(BINANCE_LONG_COLUMN, binanceLong);
            m.put(TRIPLE_BARRIER_COLUMN, tripleBarrier);
            return m;
        }
    }

    private DatasetExport()
    {
    }

    /**
     * @param symbol the instrument ({@code SYMBOL} or {@code venue:SYMBOL}); null when the journal's bars are of one
     *               instrument only
     */
    public static Result run(final Path journal, final TraderConfig config, final String symbol, final Path out)
    {
        return run(journal, config, symbol, out, FeatureColumns::forPlan);
    }

    /** As {@link #run(Path, TraderConfig, String, Path)} with the feature source chosen from the stage plan by {@code features}. */
    public static Result run(
        final Path journal,
        final TraderConfig config,
        final String symbol,
        final Path out,
        final Function<List<Stage>, FeatureColumns> features)
    {
        Journal.requireJournal(journal);
        if (Files.isDirectory(out))
        {
            throw new IllegalArgumentException("--out " + out + " is a directory; give a .csv file");
        }
        final DatasetSettings settings = DatasetSettings.from(config);
        final InstrumentRegistry instruments = config.instruments();
        final Instrument wanted = symbol == null ? null : instruments.resolve(symbol);

        final EventClock clock = new EventClock();
        final List<Stage> stages = new java.util.ArrayList<>(dev.trader.replay.RunStages.analytics(config, instruments, clock));
        final FeatureColumns source = features.apply(List.copyOf(stages));
        final BarCollector collector = new BarCollector(settings.intervalNs(), source, wanted == null ? -1 : wanted.id());
        stages.add(collector);
        final Pipeline pipeline = new Pipeline(stages, EventSink.NONE, EventSink.NONE, clock, config.engine().arenaBytes(), false);
        final JournalBoundary boundary = new JournalBoundary(instruments, Integer.MAX_VALUE);
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                if (boundary.admit(buffer, offset, length))
                {
                    pipeline.onInput(buffer, offset, length, 0L);
                }
            });
        }
        pipeline.onEndOfStream();

        final Instrument instrument = wanted != null ? wanted : onlyInstrument(collector, instruments, journal, settings);
        final BarRows series = collector.rows(instrument.id());
        if (series == null || series.size == 0)
        {
            throw new IllegalArgumentException("no " + TraderConfig.formatDuration(Duration.ofNanos(settings.intervalNs()))
                + " bars of " + instrument.key() + " in " + journal);
        }
        final OhlcBars bars = series.toOhlc(instrument.priceExponent());
        final BinanceLongLabels binanceLong = new BinanceLongLabeler(settings.binanceLong()).label(bars);
        final int[] tripleBarrier = new TripleBarrierLabeler(settings.tripleBarrier(), settings.intervalNs()).label(bars);
        return write(out, instrument, series, source.names(), binanceLong, tripleBarrier, settings,
            pipeline.inputEvents(), boundary.rejected());
    }

    private static Instrument onlyInstrument(
        final BarCollector collector,
        final InstrumentRegistry instruments,
        final Path journal,
        final DatasetSettings settings)
    {
        final Map<String, Instrument> found = new TreeMap<>();
        for (final int id : collector.instrumentIds())
        {
            final Instrument i = instruments.byId(id);
            found.put(i.key(), i);
        }
        if (found.size() == 1)
        {
            return found.values().iterator().next();
        }
        throw new IllegalArgumentException(found.isEmpty()
            ? "no " + TraderConfig.formatDuration(Duration.ofNanos(settings.intervalNs())) + " bars in " + journal
            : journal + " holds bars of " + found.keySet() + "; pass --symbol");
    }

    private static Result write(
        final Path out,
        final Instrument instrument,
        final BarRows series,
        final List<String> featureNames,
        final BinanceLongLabels binanceLong,
        final int[] tripleBarrier,
        final DatasetSettings settings,
        final long inputEvents,
        final long skipped)
    {
        final BinanceLongLabelSettings binanceSettings = settings.binanceLong();
        final int width = featureNames.size();
        final List<String> header = new ArrayList<>();
        header.add(TIMESTAMP_COLUMN);
        header.addAll(featureNames);
        header.add(BINANCE_LONG_COLUMN);
        header.add(TRIPLE_BARRIER_COLUMN);

        long rows = 0;
        long wins = 0;
        long losses = 0;
        long unresolved = 0;
        final long[] tb = new long[4]; // +1, -1, 0, unresolved
        final Path absolute = out.toAbsolutePath().normalize();
        final Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try
        {
            Files.createDirectories(absolute.getParent());
            try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(writer, FORMAT))
            {
                csv.printRecord(header);
                final List<Object> record = new ArrayList<>(header.size());
                for (int i = 0; i < series.size; i++)
                {
                    if (!series.ready[i] && !settings.warmupRowsEmpty())
                    {
                        continue;
                    }
                    record.clear();
                    record.add(Math.floorDiv(series.openTimeNs[i], 1_000_000L));
                    for (int f = 0; f < width; f++)
                    {
                        final double v = series.features[i * width + f];
                        record.add(series.ready[i] && Double.isFinite(v) ? Double.toString(v) : "");
                    }
                    if (!binanceLong.resolved(i))
                    {
                        unresolved++;
                        record.add(binanceSettings.unresolved() == BinanceLongLabelSettings.Unresolved.EMPTY ? "" : binanceLong.y(i));
                    }
                    else
                    {
                        if (binanceLong.y(i) == BinanceLongLabels.WIN)
                        {
                            wins++;
                        }
                        else
                        {
                            losses++;
                        }
                        record.add(binanceLong.y(i));
                    }
                    final int t = tripleBarrier[i];
                    tb[t == 1 ? 0 : t == -1 ? 1 : t == 0 ? 2 : 3]++;
                    record.add(t == TripleBarrierLabeler.UNRESOLVED ? "" : t);
                    csv.printRecord(record);
                    rows++;
                }
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            try
            {
                Files.deleteIfExists(tmp);
            }
            catch (final IOException ignored)
            {
                // the original failure is the one to report
            }
            throw new UncheckedIOException("cannot write " + out + ": " + ex.getMessage(), ex);
        }
        final Map<String, Long> binanceCounts = new LinkedHashMap<>();
        binanceCounts.put("wins", wins);
        binanceCounts.put("losses", losses);
        binanceCounts.put("unresolved", unresolved);
        final Map<String, Long> tbCounts = new LinkedHashMap<>();
        tbCounts.put("upper", tb[0]);
        tbCounts.put("lower", tb[1]);
        tbCounts.put("timeout", tb[2]);
        tbCounts.put("unresolved", tb[3]);
        return new Result(absolute, instrument.key(), series.size, rows, List.copyOf(featureNames), inputEvents, skipped,
            binanceCounts, tbCounts);
    }

    /** The last stage of the export's plan: every completed bar of the interval, after every other stage saw it. */
    private static final class BarCollector implements Stage
    {
        private final long intervalNs;
        private final FeatureColumns features;
        private final int onlyInstrumentId;
        private final int width;
        private final BarDecoder bar = new BarDecoder();
        private final Int2ObjectHashMap<BarRows> byInstrument = new Int2ObjectHashMap<>();
        private final List<Integer> order = new ArrayList<>();

        BarCollector(final long intervalNs, final FeatureColumns features, final int onlyInstrumentId)
        {
            this.intervalNs = intervalNs;
            this.features = features;
            this.onlyInstrumentId = onlyInstrumentId;
            this.width = features.names().size();
        }

        @Override
        public String name()
        {
            return "dataset";
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            if (event.templateId() != BarDecoder.TEMPLATE_ID)
            {
                return;
            }
            bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
            final int id = bar.instrumentId();
            if (bar.intervalNs() != intervalNs || (onlyInstrumentId >= 0 && id != onlyInstrumentId))
            {
                return;
            }
            BarRows rows = byInstrument.get(id);
            if (rows == null)
            {
                rows = new BarRows(width);
                byInstrument.put(id, rows);
                order.add(id);
            }
            final int i = rows.append(bar.openTimeNs(), bar.open(), bar.high(), bar.low(), bar.close());
            rows.ready[i] = features.read(id, bar.openTimeNs(), rows.features, i * width);
        }

        BarRows rows(final int instrumentId)
        {
            return byInstrument.get(instrumentId);
        }

        List<Integer> instrumentIds()
        {
            return order;
        }
    }

    /** One instrument's bars (price mantissas) and feature rows, grown as bars arrive. */
    private static final class BarRows
    {
        final int width;
        int size;
        long[] openTimeNs = new long[1024];
        long[] open = new long[1024];
        long[] high = new long[1024];
        long[] low = new long[1024];
        long[] close = new long[1024];
        boolean[] ready = new boolean[1024];
        double[] features;

        BarRows(final int width)
        {
            this.width = width;
            this.features = new double[1024 * width];
        }

        int append(final long openTime, final long o, final long h, final long l, final long c)
        {
            if (size == openTimeNs.length)
            {
                final int capacity = size * 2;
                openTimeNs = Arrays.copyOf(openTimeNs, capacity);
                open = Arrays.copyOf(open, capacity);
                high = Arrays.copyOf(high, capacity);
                low = Arrays.copyOf(low, capacity);
                close = Arrays.copyOf(close, capacity);
                ready = Arrays.copyOf(ready, capacity);
                features = Arrays.copyOf(features, capacity * width);
            }
            openTimeNs[size] = openTime;
            open[size] = o;
            high[size] = h;
            low[size] = l;
            close[size] = c;
            Arrays.fill(features, size * width, (size + 1) * width, Double.NaN);
            return size++;
        }

        /** Prices as the closest doubles, as a CSV reader parsing the venue's decimal strings would get them. */
        OhlcBars toOhlc(final int priceExponent)
        {
            final double[] o = new double[size];
            final double[] h = new double[size];
            final double[] l = new double[size];
            final double[] c = new double[size];
            for (int i = 0; i < size; i++)
            {
                o[i] = Decimals.toDouble(open[i], priceExponent);
                h[i] = Decimals.toDouble(high[i], priceExponent);
                l[i] = Decimals.toDouble(low[i], priceExponent);
                c[i] = Decimals.toDouble(close[i], priceExponent);
            }
            return new OhlcBars(Arrays.copyOf(openTimeNs, size), o, h, l, c);
        }
    }
}
