package dev.trader.replay.trading;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.AccountDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.FundingDecoder;
import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.RiskEventDecoder;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.engine.features.FeatureCatalog;
import dev.trader.journal.JournalReader;
import dev.trader.replay.ReplayRunner;
import dev.trader.strategies.model.TestModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared pieces of the binance_long end-to-end tests (seed 000): a generated lean_v1 logistic model and its
 * manifest, and a reader of the run's output journal (fills, closed trades, funding, risk events, last Account) so
 * the tests check the money from the events themselves, not from the reports.
 */
final class BinanceLongRuns
{
    static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    static final Path SHARED = SharedFixtures.dir();
    static final Path DAY1 = SHARED.resolve("data/binance-vision/spot-klines-1m/BTCUSDT-1m-2020-01-01.zip");
    static final Path DAY2 = SHARED.resolve("data/binance-vision/spot-klines-1m/BTCUSDT-1m-2020-01-02.zip");

    private BinanceLongRuns()
    {
    }

    /**
     * A logistic model over the 36 lean_v1 features, {@code P(win) = sigmoid(sum w_i x_i + bias)} with the given
     * non-zero weights (feature name, weight pairs), and its manifest ({@code output: probabilities}, default head =
     * probabilities[:, 1]).
     */
    static Path manifest(final Path dir, final String name, final float bias, final Object... weights) throws IOException
    {
        final List<String> names = FeatureCatalog.names();
        final float[] w = new float[names.size()];
        for (int i = 0; i < weights.length; i += 2)
        {
            final int index = names.indexOf((String)weights[i]);
            if (index < 0)
            {
                throw new IllegalArgumentException("no lean_v1 feature " + weights[i]);
            }
            w[index] = ((Number)weights[i + 1]).floatValue();
        }
        final Path model = TestModels.logistic(dir, name, w, bias);
        final Path manifest = dir.resolve(name + ".yaml");
        Files.writeString(manifest, "model: " + model.getFileName() + "\nsha256: \"" + TestModels.sha256(model) + "\"\n"
            + "output: probabilities\nfeatures: [" + String.join(", ", names) + "]\n");
        return manifest;
    }

    /** One Fill. */
    record FillRow(long tsNs, long orderId, boolean buy, boolean maker, long price, long qty, long fee, double feeRate,
        long positionId, int reasonCode, boolean reduceOnly)
    {
    }

    /** One TradeClosed. */
    record TradeRow(long exitTsNs, long positionId, long entryTsNs, long qty, double entryPrice, double exitPrice,
        long gross, long fees, long funding, long net, int entryReason, int exitReason)
    {
    }

    /** One RiskEvent. */
    record RiskRow(long tsNs, String rule, String action, double value, double threshold)
    {
    }

    /** What the output journal of a run holds, as far as money goes. */
    static final class Output
    {
        final List<FillRow> fills = new ArrayList<>();
        final List<TradeRow> trades = new ArrayList<>();
        final List<RiskRow> risk = new ArrayList<>();
        long fundingSum;
        long fundingEvents;
        long accounts;
        long lastCash;
        long lastEquity;
        long lastRealized;
        long lastFees;
        long lastFunding;
        int lastOpenPositions;

        long feesFromFills()
        {
            return fills.stream().mapToLong(FillRow::fee).sum();
        }

        long grossFromTrades()
        {
            return trades.stream().mapToLong(TradeRow::gross).sum();
        }

        long rules(final String rule, final String action)
        {
            return risk.stream().filter(r -> r.rule().equals(rule) && r.action().equals(action)).count();
        }
    }

    static Output read(final Path runDir) throws IOException
    {
        final Output out = new Output();
        final FillDecoder f = new FillDecoder();
        final TradeClosedDecoder t = new TradeClosedDecoder();
        final RiskEventDecoder r = new RiskEventDecoder();
        final FundingDecoder fu = new FundingDecoder();
        final AccountDecoder a = new AccountDecoder();
        try (JournalReader reader = new JournalReader(runDir.resolve(ReplayRunner.OUTPUT_DIR)))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final int body = offset + Events.HEADER_LENGTH;
                final int block = Events.blockLength(buffer, offset);
                final int version = Events.version(buffer, offset);
                switch (Events.templateId(buffer, offset))
                {
                    case FillDecoder.TEMPLATE_ID:
                        f.wrap(buffer, body, block, version);
                        out.fills.add(new FillRow(f.exchangeTsNs(), f.orderId(), f.side() == dev.trader.codecs.sbe.Side.BUY,
                            f.liquidity() == Liquidity.MAKER, f.price(), f.qty(), f.fee(), f.feeRate(), f.positionId(),
                            f.reasonCode(), f.reduceOnly() == dev.trader.codecs.sbe.BooleanType.T));
                        break;
                    case TradeClosedDecoder.TEMPLATE_ID:
                        t.wrap(buffer, body, block, version);
                        out.trades.add(new TradeRow(t.exchangeTsNs(), t.positionId(), t.entryTsNs(), t.qty(), t.entryPrice(),
                            t.exitPrice(), t.grossPnl(), t.fees(), t.funding(), t.netPnl(), t.entryReason(), t.exitReason()));
                        break;
                    case RiskEventDecoder.TEMPLATE_ID:
                        r.wrap(buffer, body, block, version);
                        out.risk.add(new RiskRow(r.exchangeTsNs(), r.rule().replace("\0", "").trim(), r.action().name(),
                            r.value(), r.threshold()));
                        break;
                    case FundingDecoder.TEMPLATE_ID:
                        fu.wrap(buffer, body, block, version);
                        out.fundingSum += fu.amount();
                        out.fundingEvents++;
                        break;
                    case AccountDecoder.TEMPLATE_ID:
                        a.wrap(buffer, body, block, version);
                        out.accounts++;
                        out.lastCash = a.cash();
                        out.lastEquity = a.equity();
                        out.lastRealized = a.realizedPnl();
                        out.lastFees = a.fees();
                        out.lastFunding = a.funding();
                        out.lastOpenPositions = a.openPositions();
                        break;
                    default:
                        break;
                }
            });
        }
        return out;
    }

    /** trades.csv rows (header dropped), each split on commas (no field holds a comma). */
    static List<String[]> tradesCsv(final Path runDir) throws IOException
    {
        final List<String> lines = Files.readAllLines(runDir.resolve("trades.csv"));
        final List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++)
        {
            rows.add(lines.get(i).split(",", -1));
        }
        return rows;
    }

    /** The longest run of trades.csv rows with netPnl <= 0 (a loss, RunReport's definition), in exit order. */
    static int maxConsecutiveLosses(final List<String[]> rows)
    {
        int run = 0;
        int max = 0;
        for (final String[] row : rows)
        {
            if (new java.math.BigDecimal(row[15]).signum() <= 0)
            {
                max = Math.max(max, ++run);
            }
            else
            {
                run = 0;
            }
        }
        return max;
    }
}
