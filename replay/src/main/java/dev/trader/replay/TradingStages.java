package dev.trader.replay;

import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.account.AccountingSettings;
import dev.trader.engine.account.AccountingStage;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.exec.CostModel;
import dev.trader.engine.exec.CostSettings;
import dev.trader.engine.exec.PaperSettings;
import dev.trader.engine.exec.PaperVenueStage;
import dev.trader.engine.gates.HazardSettings;
import dev.trader.engine.risk.RiskSettings;
import dev.trader.engine.risk.RiskStage;
import dev.trader.engine.stages.BarSettings;
import dev.trader.engine.trading.BracketPolicy;
import dev.trader.strategies.strategy.Strategy;
import dev.trader.strategies.strategy.StrategyStage;

import java.time.Duration;
import java.util.List;

/**
 * The trading end of the plan (docs/trading.md), appended after the model slot when the config has a
 * {@code strategies} section:
 * <pre>
 *   ... model -> risk-pre -> strategy -> risk -> execution (paper venue) -> accounting
 * </pre>
 * One paper venue serves backtests and paper trading alike: a live run builds the same stages through
 * {@link RunStages}. Accounting and the venue are built first because the strategy and risk stages, which run
 * before them, read their state through {@code PortfolioView} and {@code OrderView}. Every strategy that is a
 * {@link BracketPolicy} is registered with the venue, which brackets its entries at fill time.
 */
final class TradingStages
{
    static final String STRATEGIES = "strategies";

    private TradingStages()
    {
    }

    static void append(final TraderConfig config, final InstrumentRegistry instruments, final List<Stage> stages)
    {
        if (config.section(STRATEGIES).isMissingNode())
        {
            for (final String section : RunStages.TRADING_SECTIONS)
            {
                if (!config.section(section).isMissingNode())
                {
                    throw new IllegalArgumentException(config.file() + ": " + section + ": configured but there is no strategies "
                        + "section, so nothing would trade; add strategies or remove " + section);
                }
            }
            return;
        }
        OrderBookStage book = null;
        for (final Stage s : stages)
        {
            if (s instanceof OrderBookStage)
            {
                book = (OrderBookStage)s;
            }
        }
        final CostSettings costs = CostSettings.from(config);
        final AccountingStage accounting = new AccountingStage(instruments, AccountingSettings.from(config), book);
        final PaperSettings paperSettings = PaperSettings.from(config);
        final PaperVenueStage venue = new PaperVenueStage(instruments, paperSettings, costs.fees(), book);
        // the rebound rule follows the plan's hazard gate, whatever hazard.name calls it
        final RiskSettings riskSettings = RiskSettings.from(config).hazardGate(HazardSettings.from(config).name());
        final RiskStage risk = new RiskStage(instruments, riskSettings, new CostModel(costs), accounting, venue, book);
        final StrategyStage strategy = StrategyStage.from(config, instruments, accounting, venue);
        for (final Strategy s : strategy.strategies())
        {
            if (s instanceof BracketPolicy)
            {
                // its take-profit / stop are attached by the venue at the entry's fill (docs/trading.md "Venue rules")
                venue.bracketPolicy(s.id(), (BracketPolicy)s);
            }
        }
        final BarSettings bars = BarSettings.from(config);
        requireBars(config, bars, "risk.barInterval", riskSettings.barInterval());
        if (book == null || paperSettings.fillModel() != PaperSettings.FillModel.BOOK)
        {
            requireBars(config, bars, "paper.barInterval", paperSettings.barInterval());
        }
        for (final Duration interval : strategy.barIntervals())
        {
            requireBars(config, bars, "strategies[].barInterval", interval);
        }
        stages.add(risk.preStage());
        stages.add(strategy);
        stages.add(risk);
        stages.add(venue);
        stages.add(accounting);
    }

    private static void requireBars(final TraderConfig config, final BarSettings bars, final String key, final Duration interval)
    {
        if (!bars.enabled() || !bars.intervals().contains(interval))
        {
            throw new IllegalArgumentException(config.file() + ": " + key + ": " + TraderConfig.formatDuration(interval)
                + " bars are not built (bars.intervals: " + (bars.enabled() ? bars.intervals().stream()
                .map(TraderConfig::formatDuration).toList() : "bars disabled") + ")");
        }
    }
}
