package dev.trader.engine.stages;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import org.agrona.collections.Int2ObjectHashMap;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time bars per instrument (default 1 s and 1 m) built from trades, or taken from the venue's closed klines.
 *
 * <ul>
 *   <li>Trades are bucketed by exchange timestamp into {@code [floor(ts / interval) * interval, + interval)}.</li>
 *   <li>A bar is emitted only when it is complete: the first trade of a later interval closes it. Intervals
 *       without trades produce no bar (gap handling belongs to data repair). A bar still open at the end of the
 *       input is not emitted: it is not complete.</li>
 *   <li>A trade older than the open bar (out of order across streams) is folded into the open bar, never lost, and
 *       counted.</li>
 *   <li>A closed kline whose interval equals a bar interval becomes that bar directly (flag {@code fromKline}),
 *       so replaying imported 1 m klines yields the same 1 m bars. With {@code source: auto} the first source to
 *       deliver data for an (instrument, interval) owns it for the run, so trades and klines never double-count.</li>
 *   <li>VWAP = quote volume / volume, carried as a Decimal64 at {@code priceExponent - 4}.</li>
 * </ul>
 */
public final class BarStage implements Stage
{
    /** Where bars come from. */
    public enum Source
    {
        AUTO, TRADES, KLINES;

        public static Source parse(final String text)
        {
            try
            {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("unknown bar source '" + text + "'; known: auto, trades, klines", ex);
            }
        }
    }

    public static final int VWAP_EXTRA_DIGITS = 4;
    private static final byte OWNER_NONE = 0;
    private static final byte OWNER_TRADES = 1;
    private static final byte OWNER_KLINES = 2;

    private final InstrumentRegistry instruments;
    private final long[] intervalsNs;
    private final Source source;
    private final Int2ObjectHashMap<InstrumentBars> byInstrument = new Int2ObjectHashMap<>();
    private final TradeDecoder trade = new TradeDecoder();
    private final KlineDecoder kline = new KlineDecoder();
    private final BarEncoder bar = new BarEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private long barsFromTrades;
    private long barsFromKlines;
    private long outOfOrderTrades;
    private long tradesIgnored;
    private long klinesIgnored;
    private long duplicateKlines;
    private long unknownInstrument;

    public BarStage(final InstrumentRegistry instruments, final List<Duration> intervals, final Source source)
    {
        this.instruments = instruments;
        this.intervalsNs = intervals.stream().mapToLong(Duration::toNanos).sorted().distinct().toArray();
        if (intervalsNs.length == 0 || intervalsNs[0] <= 0)
        {
            throw new IllegalArgumentException("bars.intervals: at least one positive interval");
        }
        this.source = source;
    }

    @Override
    public String name()
    {
        return "bars";
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        final int templateId = event.templateId();
        if (templateId == TradeDecoder.TEMPLATE_ID)
        {
            onTrade(event, emitter);
        }
        else if (templateId == KlineDecoder.TEMPLATE_ID)
        {
            onKline(event, emitter);
        }
    }

    private InstrumentBars state(final int instrumentId)
    {
        InstrumentBars s = byInstrument.get(instrumentId);
        if (s == null)
        {
            final Instrument instrument = instruments.byId(instrumentId);
            if (instrument == null)
            {
                return null;
            }
            s = new InstrumentBars(instrument, intervalsNs);
            byInstrument.put(instrumentId, s);
        }
        return s;
    }

    private void onTrade(final EventView event, final Emitter emitter)
    {
        if (source == Source.KLINES)
        {
            tradesIgnored++;
            return;
        }
        final InstrumentBars s = state(event.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        trade.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        final long ts = trade.exchangeTsNs();
        final long price = trade.price();
        final long qty = trade.qty();
        final Side aggressor = trade.aggressor();
        final long quote = s.instrument.quoteOf(price, qty);
        boolean outOfOrder = false;
        for (int k = 0; k < intervalsNs.length; k++)
        {
            if (s.owner[k] == OWNER_KLINES)
            {
                tradesIgnored++;
                continue;
            }
            s.owner[k] = OWNER_TRADES;
            final BarBuilder b = s.builders[k];
            if (b.active && ts >= b.openTimeNs + b.intervalNs)
            {
                emit(emitter, s.instrument, b, event.receiveTsNs(), false);
                barsFromTrades++;
                b.active = false;
            }
            if (!b.active)
            {
                b.start(Math.floorDiv(ts, b.intervalNs) * b.intervalNs, price);
            }
            else if (ts < b.openTimeNs)
            {
                outOfOrder = true;
            }
            b.add(price, qty, quote, aggressor);
        }
        if (outOfOrder)
        {
            outOfOrderTrades++;
        }
    }

    private void onKline(final EventView event, final Emitter emitter)
    {
        if (source == Source.TRADES)
        {
            klinesIgnored++;
            return;
        }
        kline.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (kline.closed() != BooleanType.T)
        {
            klinesIgnored++;
            return;
        }
        final InstrumentBars s = state(event.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        final long interval = kline.intervalNs();
        for (int k = 0; k < intervalsNs.length; k++)
        {
            if (intervalsNs[k] != interval)
            {
                continue;
            }
            if (s.owner[k] == OWNER_TRADES)
            {
                klinesIgnored++;
                return;
            }
            s.owner[k] = OWNER_KLINES;
            final BarBuilder b = s.builders[k];
            final long openTime = kline.openTimeNs();
            if (b.lastKlineOpenTimeNs != Long.MIN_VALUE && openTime <= b.lastKlineOpenTimeNs)
            {
                duplicateKlines++;
                return;
            }
            b.lastKlineOpenTimeNs = openTime;
            b.openTimeNs = openTime;
            b.open = kline.open();
            b.high = kline.high();
            b.low = kline.low();
            b.close = kline.close();
            b.volume = kline.volume();
            b.quoteVolume = kline.quoteVolume();
            b.tradeCount = kline.tradeCount();
            b.buyVolume = kline.takerBuyVolume();
            b.sellVolume = b.volume - b.buyVolume;
            emit(emitter, s.instrument, b, event.receiveTsNs(), true);
            barsFromKlines++;
            b.active = false;
            return;
        }
        klinesIgnored++;
    }

    private void emit(final Emitter emitter, final Instrument instrument, final BarBuilder b, final long receiveTsNs, final boolean fromKline)
    {
        final int offset = emitter.claim(MessageHeaderEncoder.ENCODED_LENGTH + BarEncoder.BLOCK_LENGTH);
        bar.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(b.openTimeNs + b.intervalNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .intervalNs(b.intervalNs)
            .openTimeNs(b.openTimeNs)
            .open(b.open)
            .high(b.high)
            .low(b.low)
            .close(b.close)
            .volume(b.volume)
            .quoteVolume(b.quoteVolume)
            .tradeCount(b.tradeCount)
            .buyVolume(b.buyVolume)
            .sellVolume(b.sellVolume);
        final int vwapExponent = instrument.priceExponent() - VWAP_EXTRA_DIGITS;
        final int shift = instrument.quoteExponent() - instrument.qtyExponent() - vwapExponent;
        bar.vwap().mantissa(Decimals.ratio(b.quoteVolume, b.volume, shift)).exponent((byte)vwapExponent);
        bar.flags().clear().fromKline(fromKline);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + bar.encodedLength());
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("barsFromTrades", barsFromTrades);
        m.put("barsFromKlines", barsFromKlines);
        m.put("outOfOrderTrades", outOfOrderTrades);
        m.put("tradesIgnored", tradesIgnored);
        m.put("klinesIgnored", klinesIgnored);
        m.put("duplicateKlines", duplicateKlines);
        m.put("unknownInstrument", unknownInstrument);
        return m;
    }

    private static final class InstrumentBars
    {
        final Instrument instrument;
        final BarBuilder[] builders;
        final byte[] owner;

        InstrumentBars(final Instrument instrument, final long[] intervalsNs)
        {
            this.instrument = instrument;
            this.builders = new BarBuilder[intervalsNs.length];
            this.owner = new byte[intervalsNs.length];
            for (int i = 0; i < intervalsNs.length; i++)
            {
                builders[i] = new BarBuilder(intervalsNs[i]);
                owner[i] = OWNER_NONE;
            }
        }
    }

    private static final class BarBuilder
    {
        final long intervalNs;
        boolean active;
        long openTimeNs;
        long open;
        long high;
        long low;
        long close;
        long volume;
        long quoteVolume;
        long tradeCount;
        long buyVolume;
        long sellVolume;
        long lastKlineOpenTimeNs = Long.MIN_VALUE;

        BarBuilder(final long intervalNs)
        {
            this.intervalNs = intervalNs;
        }

        void start(final long openTimeNs, final long price)
        {
            this.active = true;
            this.openTimeNs = openTimeNs;
            this.open = price;
            this.high = price;
            this.low = price;
            this.close = price;
            this.volume = 0;
            this.quoteVolume = 0;
            this.tradeCount = 0;
            this.buyVolume = 0;
            this.sellVolume = 0;
        }

        void add(final long price, final long qty, final long quote, final Side aggressor)
        {
            if (price > high)
            {
                high = price;
            }
            if (price < low)
            {
                low = price;
            }
            close = price;
            volume += qty;
            quoteVolume += quote;
            tradeCount++;
            if (aggressor == Side.BUY)
            {
                buyVolume += qty;
            }
            else if (aggressor == Side.SELL)
            {
                sellVolume += qty;
            }
        }
    }
}
