package dev.trader.replay.fuzz;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.MarkPriceDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.replay.synthetic.SyntheticMarket;
import dev.trader.replay.synthetic.SyntheticMarketSettings;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A seed corpus that needs no shared data: the seeded synthetic market ({@link SyntheticMarket}, the demo's) written
 * out as Binance USD-M wire JSON for {@code binance-usdm:BTCUSDT}, in the combined-stream envelopes of the real
 * capture ({@code depthUpdate} with U/u/pu, {@code trade}, {@code bookTicker}, {@code markPriceUpdate}) and its REST
 * depth snapshot first. The synthetic prices have one decimal, which the instrument's two-decimal exponent reads exactly.
 */
final class BuiltInCorpus
{
    private static final long NS_PER_MS = 1_000_000L;
    private static final String STREAM = "btcusdt";

    private BuiltInCorpus()
    {
    }

    /** About {@code events} messages (the synthetic market's first ~minutes). */
    static SeedCorpus binanceUsdm(final InstrumentRegistry registry, final int events)
    {
        final SyntheticMarketSettings settings = SyntheticMarketSettings.defaults();
        final Instrument synthetic = registry.resolve(settings.instrument());
        final Instrument target = registry.resolve("binance-usdm:BTCUSDT");
        final Renderer renderer = new Renderer(synthetic, target);
        new SyntheticMarket(settings, synthetic, renderer::onEvent).generate(events);
        return new SeedCorpus("built-in-binance-usdm", renderer.seeds);
    }

    /** Decodes each synthetic event and writes the Binance message that would have carried it. */
    private static final class Renderer
    {
        private final TradeDecoder trade = new TradeDecoder();
        private final BestBidOfferDecoder bbo = new BestBidOfferDecoder();
        private final DepthUpdateDecoder depth = new DepthUpdateDecoder();
        private final DepthSnapshotDecoder snapshot = new DepthSnapshotDecoder();
        private final MarkPriceDecoder mark = new MarkPriceDecoder();
        private final Instrument from;
        private final Instrument to;
        private final List<SeedCorpus.Seed> seeds = new ArrayList<>();
        private long sequence;

        Renderer(final Instrument from, final Instrument to)
        {
            this.from = from;
            this.to = to;
        }

        void onEvent(final DirectBuffer buffer, final int offset, final int length)
        {
            final int template = Events.templateId(buffer, offset);
            final int body = offset + Events.HEADER_LENGTH;
            final int block = Events.blockLength(buffer, offset);
            final int version = Events.version(buffer, offset);
            final long receiveTsNs = Events.receiveTsNs(buffer, offset);
            final StringBuilder sb = new StringBuilder(256);
            if (template == DepthSnapshotDecoder.TEMPLATE_ID)
            {
                snapshot.wrap(buffer, body, block, version);
                final long ms = snapshot.exchangeTsNs() / NS_PER_MS;
                sb.append("{\"lastUpdateId\":").append(snapshot.lastUpdateId())
                    .append(",\"E\":").append(ms).append(",\"T\":").append(ms);
                sb.append(",\"bids\":[");
                final DepthSnapshotDecoder.BidsDecoder bids = snapshot.bids();
                for (int i = 0; bids.hasNext(); i++)
                {
                    bids.next();
                    level(sb, i, bids.price(), bids.qty());
                }
                sb.append("],\"asks\":[");
                final DepthSnapshotDecoder.AsksDecoder asks = snapshot.asks();
                for (int i = 0; asks.hasNext(); i++)
                {
                    asks.next();
                    level(sb, i, asks.price(), asks.qty());
                }
                sb.append("]}");
                seeds.add(new SeedCorpus.Seed(receiveTsNs, VenueCode.BINANCE_USDM, to.id(), 0, 1, true, bytes(sb)));
                return;
            }
            if (template == DepthUpdateDecoder.TEMPLATE_ID)
            {
                depth.wrap(buffer, body, block, version);
                final long ms = depth.exchangeTsNs() / NS_PER_MS;
                sb.append("{\"stream\":\"").append(STREAM).append("@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":").append(ms)
                    .append(",\"T\":").append(ms).append(",\"s\":\"BTCUSDT\",\"U\":").append(depth.firstUpdateId())
                    .append(",\"u\":").append(depth.lastUpdateId()).append(",\"pu\":").append(depth.prevUpdateId())
                    .append(",\"b\":[");
                final DepthUpdateDecoder.BidsDecoder bids = depth.bids();
                for (int i = 0; bids.hasNext(); i++)
                {
                    bids.next();
                    level(sb, i, bids.price(), bids.qty());
                }
                sb.append("],\"a\":[");
                final DepthUpdateDecoder.AsksDecoder asks = depth.asks();
                for (int i = 0; asks.hasNext(); i++)
                {
                    asks.next();
                    level(sb, i, asks.price(), asks.qty());
                }
                sb.append("]}}");
            }
            else if (template == TradeDecoder.TEMPLATE_ID)
            {
                trade.wrap(buffer, body, block, version);
                final long ms = trade.exchangeTsNs() / NS_PER_MS;
                sb.append("{\"stream\":\"").append(STREAM).append("@trade\",\"data\":{\"e\":\"trade\",\"E\":").append(ms)
                    .append(",\"T\":").append(ms).append(",\"s\":\"BTCUSDT\",\"t\":").append(trade.tradeId()).append(",\"p\":\"");
                price(sb, trade.price()).append("\",\"q\":\"");
                qty(sb, trade.qty()).append("\",\"X\":\"MARKET\",\"m\":").append(trade.aggressor() == Side.SELL).append("}}");
            }
            else if (template == BestBidOfferDecoder.TEMPLATE_ID)
            {
                bbo.wrap(buffer, body, block, version);
                final long ms = bbo.exchangeTsNs() / NS_PER_MS;
                sb.append("{\"stream\":\"").append(STREAM).append("@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":")
                    .append(bbo.updateId()).append(",\"s\":\"BTCUSDT\",\"b\":\"");
                price(sb, bbo.bidPrice()).append("\",\"B\":\"");
                qty(sb, bbo.bidQty()).append("\",\"a\":\"");
                price(sb, bbo.askPrice()).append("\",\"A\":\"");
                qty(sb, bbo.askQty()).append("\",\"T\":").append(ms).append(",\"E\":").append(ms).append("}}");
            }
            else if (template == MarkPriceDecoder.TEMPLATE_ID)
            {
                mark.wrap(buffer, body, block, version);
                final long ms = mark.exchangeTsNs() / NS_PER_MS;
                sb.append("{\"stream\":\"").append(STREAM).append("@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":")
                    .append(ms).append(",\"s\":\"BTCUSDT\",\"p\":\"");
                Decimals.append(sb, mark.markPrice().mantissa(), mark.markPrice().exponent()).append("\",\"i\":\"");
                Decimals.append(sb, mark.indexPrice().mantissa(), mark.indexPrice().exponent()).append("\",\"P\":\"");
                Decimals.append(sb, mark.estimatedSettlePrice().mantissa(), mark.estimatedSettlePrice().exponent())
                    .append("\",\"r\":\"");
                Decimals.append(sb, mark.fundingRate().mantissa(), mark.fundingRate().exponent()).append("\",\"T\":")
                    .append(mark.nextFundingTimeNs() / NS_PER_MS).append("}}");
            }
            else
            {
                throw new IllegalStateException("the synthetic market wrote template " + template
                    + ", which has no Binance form here");
            }
            seeds.add(new SeedCorpus.Seed(receiveTsNs, VenueCode.BINANCE_USDM, 0, 1, ++sequence, false, bytes(sb)));
        }

        private void level(final StringBuilder sb, final int index, final long price, final long qty)
        {
            sb.append(index == 0 ? "[\"" : ",[\"");
            price(sb, price).append("\",\"");
            qty(sb, qty).append("\"]");
        }

        private StringBuilder price(final StringBuilder sb, final long mantissa)
        {
            return Decimals.append(sb, mantissa, from.priceExponent());
        }

        private StringBuilder qty(final StringBuilder sb, final long mantissa)
        {
            return Decimals.append(sb, mantissa, from.qtyExponent());
        }

        private static byte[] bytes(final StringBuilder sb)
        {
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
