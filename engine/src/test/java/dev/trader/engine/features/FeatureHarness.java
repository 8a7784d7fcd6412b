package dev.trader.engine.features;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.EventView;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code BarStage -> FeatureStage -> recorder} in a synchronous {@link Pipeline}, as {@code StagePlan} builds them.
 * The recorder, running after the feature stage, keeps every bar emitted and, at each 1 m bar, a copy of the feature
 * vector the feature stage has just computed: the value "at time t" of every feature.
 */
final class FeatureHarness
{
    static final long MINUTE = 60_000_000_000L;
    static final List<Duration> INTERVALS = List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5),
        Duration.ofMinutes(15), Duration.ofHours(1));

    /** One emitted bar as plain values, with the feature vector when it is a 1 m bar. */
    record BarRecord(int instrumentId, long intervalNs, long openTimeNs, long closeTimeNs, long open, long high, long low,
                     long close, long volume, long tradeCount, int flags, double ret, double[] features, boolean ready,
                     long inputIndex)
    {
        boolean repaired()
        {
            return (flags & 2) != 0;
        }

        boolean regimeBreak()
        {
            return (flags & 4) != 0;
        }
    }

    final BarStage bars;
    final FeatureStage features;
    final List<BarRecord> records = new ArrayList<>();
    private final Pipeline pipeline;
    private final UnsafeBuffer buffer = TestEvents.newBuffer();
    private long inputs;

    FeatureHarness(final InstrumentRegistry registry)
    {
        this(registry, INTERVALS, BarStage.Source.AUTO, true);
    }

    FeatureHarness(final InstrumentRegistry registry, final List<Duration> intervals, final BarStage.Source source, final boolean repair)
    {
        this.bars = new BarStage(registry, intervals, source, repair);
        this.features = new FeatureStage(registry);
        this.pipeline = new Pipeline(List.of(bars, features, new Recorder()), EventSink.NONE, EventSink.NONE, new EventClock(),
            1 << 20, false);
    }

    void kline(final int instrumentId, final SharedData.KlineRow k)
    {
        final long open = k.openTimeMs() * 1_000_000L;
        final int length = TestEvents.kline(buffer, 0, open + MINUTE, open + MINUTE, instrumentId, MINUTE, open,
            k.open(), k.high(), k.low(), k.close(), k.volume(), k.quoteVolume(), k.tradeCount(), k.takerBuyVolume(),
            k.takerBuyQuoteVolume(), true);
        pipeline.onInput(buffer, 0, length, 0);
        inputs++;
    }

    void trade(final int instrumentId, final SharedData.TradeRow t)
    {
        final int length = TestEvents.trade(buffer, 0, t.tradeTimeMs() * 1_000_000L, t.receiveTsNs(), instrumentId, t.tradeId(),
            t.price(), t.qty(), t.aggressor());
        pipeline.onInput(buffer, 0, length, 0);
        inputs++;
    }

    void end()
    {
        pipeline.onEndOfStream();
    }

    /** The 1 m bars of one instrument, in emission order. */
    List<BarRecord> minutes(final int instrumentId)
    {
        return ofInterval(instrumentId, MINUTE);
    }

    List<BarRecord> ofInterval(final int instrumentId, final long intervalNs)
    {
        final List<BarRecord> out = new ArrayList<>();
        for (final BarRecord r : records)
        {
            if (r.instrumentId() == instrumentId && r.intervalNs() == intervalNs)
            {
                out.add(r);
            }
        }
        return out;
    }

    private final class Recorder implements Stage
    {
        private final BarDecoder bar = new BarDecoder();

        @Override
        public String name()
        {
            return "recorder";
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            if (event.templateId() != BarDecoder.TEMPLATE_ID)
            {
                return;
            }
            bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
            final boolean minute = bar.intervalNs() == MINUTE;
            records.add(new BarRecord(bar.instrumentId(), bar.intervalNs(), bar.openTimeNs(), bar.exchangeTsNs(), bar.open(),
                bar.high(), bar.low(), bar.close(), bar.volume(), bar.tradeCount(), bar.flags().getRaw(), bar.ret(),
                minute ? features.featureVector(bar.instrumentId()) : null, minute && features.ready(bar.instrumentId()),
                inputs));
        }
    }
}
