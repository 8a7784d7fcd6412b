package dev.trader.strategies.model;

import dev.trader.engine.features.FeatureVectorSource;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Venue;
import dev.trader.engine.gates.HazardGateStage;
import dev.trader.engine.gates.HazardSettings;
import dev.trader.engine.testing.CollectingSink;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OnnxHazardSource} with the shared scikit-learn logistic regression (40 features) fed fixed vectors (rows of
 * its expected file), behind the engine's hazard gate.
 */
class OnnxHazardSourceTest
{
    private static final int ID = 1;
    private static final long MINUTE = 60_000_000_000L;
    private static final long T0 = 1_577_836_800_000_000_000L;
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.SYNTHETIC, "BTCUSDT", "0.1", "0.001", -1, -3, -4)));

    /** Hands out one fixed vector, or "not ready". */
    private static final class FixedVector implements FeatureVectorSource
    {
        private final List<String> names;
        double[] vector;

        FixedVector(final List<String> names)
        {
            this.names = names;
        }

        @Override
        public List<String> featureNames()
        {
            return names;
        }

        @Override
        public boolean read(final int instrumentId, final double[] into)
        {
            if (vector == null)
            {
                return false;
            }
            System.arraycopy(vector, 0, into, 0, into.length);
            return true;
        }

        @Override
        public boolean ready(final int instrumentId)
        {
            return vector != null;
        }

        @Override
        public void copyInto(final int instrumentId, final double[] out)
        {
            System.arraycopy(vector, 0, out, 0, out.length);
        }

        @Override
        public long vectorTimeNs(final int instrumentId)
        {
            return Long.MIN_VALUE;
        }
    }

    @Test
    void shouldOpenTheHazardGateOnTheModelsProbabilityForAFixedVector()
    {
        final List<double[]> rows = SharedModels.rows(SharedModels.LOGREG);
        final double[] high = rows.get(0);       // scikit-learn: 0.7157
        final double[] low = rows.get(1);        // scikit-learn: 0.3245
        assertTrue(high[SharedModels.FEATURES] > 0.5 && low[SharedModels.FEATURES] < 0.5);
        try (OnnxScorer scorer = OnnxScorer.loadDefault(SharedModels.model(SharedModels.LOGREG)))
        {
            final FixedVector features = new FixedVector(scorer.featureNames());
            final OnnxHazardSource source = new OnnxHazardSource(scorer, features);
            assertTrue(source.describe().startsWith("onnx "), source.describe());

            features.vector = high;
            assertEquals(high[SharedModels.FEATURES], source.probability(ID, T0), 1e-5);

            final HazardGateStage gate = new HazardGateStage(REGISTRY, HazardSettings.defaults().threshold(0.5), source);
            final CollectingSink out = new CollectingSink();
            final EventClock clock = new EventClock();
            final Pipeline pipeline = new Pipeline(List.of(gate), EventSink.NONE, out, clock, 1 << 16, false);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final List<GateState> states = new ArrayList<>();

            features.vector = high;
            pipeline.onInput(buffer, 0, bar(buffer, 0), 0);
            states.add(gate.state(ID));
            features.vector = low;
            pipeline.onInput(buffer, 0, bar(buffer, 1), 0);
            states.add(gate.state(ID));
            features.vector = null;
            pipeline.onInput(buffer, 0, bar(buffer, 2), 0);
            states.add(gate.state(ID));

            assertEquals(List.of(GateState.OPEN, GateState.CLOSED, GateState.UNKNOWN), states);
            assertEquals(3, out.size());
            final GateChangeDecoder d = new GateChangeDecoder();
            final UnsafeBuffer first = out.event(0);
            d.wrap(first, Events.HEADER_LENGTH, Events.blockLength(first, 0), Events.version(first, 0));
            assertEquals(high[SharedModels.FEATURES], d.probability(), 1e-5);
            assertEquals(BooleanType.T, d.open());
            assertEquals(T0, d.minuteNs());
            assertEquals(3, source.scored());
            assertEquals(1, source.notReady());
        }
    }

    @Test
    void shouldRefuseAFeatureSourceInAnotherOrderOrAMissingOutput()
    {
        try (OnnxScorer scorer = OnnxScorer.loadDefault(SharedModels.model(SharedModels.LOGREG)))
        {
            final List<String> reversed = new ArrayList<>(scorer.featureNames());
            java.util.Collections.reverse(reversed);
            final IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> new OnnxHazardSource(scorer, new FixedVector(reversed)));
            assertTrue(order.getMessage().contains("in that order"), order.getMessage());
            assertThrows(IllegalArgumentException.class,
                () -> new OnnxHazardSource(scorer, new FixedVector(scorer.featureNames()), 1));
        }
    }

    /** A completed 1 m bar for minute {@code m}. */
    private static int bar(final UnsafeBuffer buffer, final int m)
    {
        final BarEncoder e = new BarEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(T0 + (m + 1) * MINUTE)
            .receiveTsNs(T0 + (m + 1) * MINUTE)
            .instrumentId(ID)
            .intervalNs(MINUTE)
            .openTimeNs(T0 + m * MINUTE)
            .open(420_000)
            .high(420_010)
            .low(419_990)
            .close(420_000)
            .volume(1_000)
            .quoteVolume(0)
            .tradeCount(1)
            .buyVolume(1_000)
            .sellVolume(0);
        e.vwap().mantissa(0).exponent((byte)0);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }
}
