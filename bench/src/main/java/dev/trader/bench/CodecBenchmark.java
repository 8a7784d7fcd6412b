package dev.trader.bench;

import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * SBE codec cost of the engine's wire format, one message per operation, into and out of a preallocated {@link
 * UnsafeBuffer} over a heap array (like a ring slot). Single thread, no I/O; field values come from state fields so
 * the JIT cannot fold them. Expected allocation: 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    JvmFlags.EXPORTS_MISC, JvmFlags.EXPORTS_REF, JvmFlags.EXPORTS_NIO_CH, JvmFlags.EXPORTS_SUN_MISC, JvmFlags.EXPORTS_JAVAC_FILE,
    JvmFlags.OPENS_JAVAC, JvmFlags.OPENS_LANG, JvmFlags.OPENS_REFLECT, JvmFlags.OPENS_IO, JvmFlags.OPENS_UTIL, JvmFlags.OPENS_NIO,
    JvmFlags.OPENS_NIO_CH, JvmFlags.OPENS_MISC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_ANNOUNCER, JvmFlags.QUIET_LOG})
public class CodecBenchmark
{
    /** Levels per side of the DepthUpdate benchmarks (the synthetic market's book depth). */
    public static final int DEPTH_LEVELS = 20;

    private final UnsafeBuffer tradeBuffer = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer encodeBuffer = new UnsafeBuffer(new byte[256]);
    private final UnsafeBuffer depthBuffer = new UnsafeBuffer(new byte[1024]);
    private final UnsafeBuffer depthEncodeBuffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final TradeEncoder tradeEncoder = new TradeEncoder();
    private final TradeDecoder tradeDecoder = new TradeDecoder();
    private final DepthUpdateEncoder depthEncoder = new DepthUpdateEncoder();
    private final DepthUpdateDecoder depthDecoder = new DepthUpdateDecoder();

    private long exchangeTsNs = 1_704_067_200_000_000_000L;
    private long receiveTsNs = 1_704_067_200_000_812_345L;
    private int instrumentId = 100;
    private long tradeId = 1_000_001L;
    private long price = 420_001L;
    private long qty = 20L;
    private Side aggressor = Side.BUY;
    private TradeType tradeType = TradeType.TRADE;
    private long updateId = 5_000_000L;
    private final long[] bidPx = new long[DEPTH_LEVELS];
    private final long[] bidQty = new long[DEPTH_LEVELS];
    private final long[] askPx = new long[DEPTH_LEVELS];
    private final long[] askQty = new long[DEPTH_LEVELS];

    @Setup
    public void setup()
    {
        for (int i = 0; i < DEPTH_LEVELS; i++)
        {
            bidPx[i] = price - 1 - i;
            askPx[i] = price + i;
            bidQty[i] = 800 + 13L * i;
            askQty[i] = 750 + 17L * i;
        }
        encodeTradeInto(tradeBuffer);
        encodeDepthInto(depthBuffer);
    }

    /** Encodes one Trade: {@code wrapAndApplyHeader} plus all ten fields (70 bytes with the header). */
    @Benchmark
    public int encodeTrade()
    {
        return encodeTradeInto(encodeBuffer);
    }

    /**
     * Decodes one Trade: wraps the message header and the decoder (acting block length and version from the header),
     * reads all ten fields and returns a value depending on every one of them.
     */
    @Benchmark
    public long decodeTrade()
    {
        headerDecoder.wrap(tradeBuffer, 0);
        tradeDecoder.wrap(tradeBuffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        return tradeDecoder.exchangeTsNs()
            ^ tradeDecoder.receiveTsNs()
            ^ tradeDecoder.instrumentId()
            ^ tradeDecoder.tradeId()
            ^ tradeDecoder.price()
            ^ tradeDecoder.qty()
            ^ tradeDecoder.aggressor().value()
            ^ ((long)tradeDecoder.tradeType().value() << 8)
            ^ tradeDecoder.firstTradeId()
            ^ tradeDecoder.lastTradeId();
    }

    /** Encodes one DepthUpdate with {@value #DEPTH_LEVELS} bid and {@value #DEPTH_LEVELS} ask levels (705 bytes). */
    @Benchmark
    public int encodeDepthUpdate20()
    {
        return encodeDepthInto(depthEncodeBuffer);
    }

    /** Decodes one {@value #DEPTH_LEVELS}+{@value #DEPTH_LEVELS}-level DepthUpdate: header, all fields, both groups. */
    @Benchmark
    public void decodeDepthUpdate20(final Blackhole bh)
    {
        bh.consume(decodeDepth(depthBuffer));
    }

    /** Encodes a {@value #DEPTH_LEVELS}+{@value #DEPTH_LEVELS}-level DepthUpdate, then decodes it back (round trip). */
    @Benchmark
    public void depthUpdate20RoundTrip(final Blackhole bh)
    {
        encodeDepthInto(depthEncodeBuffer);
        bh.consume(decodeDepth(depthEncodeBuffer));
    }

    private int encodeTradeInto(final UnsafeBuffer buffer)
    {
        tradeEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .tradeId(tradeId)
            .price(price)
            .qty(qty)
            .aggressor(aggressor)
            .tradeType(tradeType)
            .firstTradeId(tradeId)
            .lastTradeId(tradeId);
        return MessageHeaderEncoder.ENCODED_LENGTH + tradeEncoder.encodedLength();
    }

    private int encodeDepthInto(final UnsafeBuffer buffer)
    {
        depthEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .firstUpdateId(updateId)
            .lastUpdateId(updateId + 3)
            .prevUpdateId(updateId - 1)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        final DepthUpdateEncoder.BidsEncoder bids = depthEncoder.bidsCount(DEPTH_LEVELS);
        for (int i = 0; i < DEPTH_LEVELS; i++)
        {
            bids.next().price(bidPx[i]).qty(bidQty[i]);
        }
        final DepthUpdateEncoder.AsksEncoder asks = depthEncoder.asksCount(DEPTH_LEVELS);
        for (int i = 0; i < DEPTH_LEVELS; i++)
        {
            asks.next().price(askPx[i]).qty(askQty[i]);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + depthEncoder.encodedLength();
    }

    private long decodeDepth(final UnsafeBuffer buffer)
    {
        headerDecoder.wrap(buffer, 0);
        depthDecoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        long h = depthDecoder.exchangeTsNs()
            ^ depthDecoder.receiveTsNs()
            ^ depthDecoder.instrumentId()
            ^ depthDecoder.firstUpdateId()
            ^ depthDecoder.lastUpdateId()
            ^ depthDecoder.prevUpdateId()
            ^ depthDecoder.checksum()
            ^ depthDecoder.hasChecksumRaw();
        final DepthUpdateDecoder.BidsDecoder bids = depthDecoder.bids();
        while (bids.hasNext())
        {
            bids.next();
            h = h * 31 + bids.price() + bids.qty();
        }
        final DepthUpdateDecoder.AsksDecoder asks = depthDecoder.asks();
        while (asks.hasNext())
        {
            asks.next();
            h = h * 31 + asks.price() + asks.qty();
        }
        return h;
    }
}
