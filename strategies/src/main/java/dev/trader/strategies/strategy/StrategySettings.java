package dev.trader.strategies.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.codecs.Decimals;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.trading.OrderView;
import dev.trader.engine.trading.PortfolioView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the {@code strategies} config section (docs/trading.md "Config sections"): a list of mappings, each
 * with the common keys {@code type} ({@code momentum_short} | {@code binance_long}), {@code id} (int >= 1, unique),
 * {@code name} (optional, default {@code <type>_<id>}) and {@code instrument} ({@code venue:SYMBOL}), then the
 * type's parameters ({@link MomentumShortSettings}, {@link BinanceLongSettings}). Keys are strict per type; a bad
 * value is refused naming its key, e.g. {@code strategies[0].rollingBars: must be >= 1, got 0}.
 */
public final class StrategySettings
{
    public static final String MOMENTUM_SHORT = "momentum_short";
    public static final String BINANCE_LONG = "binance_long";
    private static final List<String> COMMON_KEYS = List.of("type", "id", "name", "instrument");

    private final String type;
    private final int id;
    private final String name;
    private final Instrument instrument;
    private final MomentumShortSettings momentumShort;
    private final BinanceLongSettings binanceLong;

    private StrategySettings(final String type, final int id, final String name, final Instrument instrument,
        final MomentumShortSettings momentumShort, final BinanceLongSettings binanceLong)
    {
        this.type = type;
        this.id = id;
        this.name = name;
        this.instrument = instrument;
        this.momentumShort = momentumShort;
        this.binanceLong = binanceLong;
    }

    /** Every strategy of the section, in config order; an absent section gives none. */
    public static List<StrategySettings> from(final TraderConfig config, final InstrumentRegistry instruments)
    {
        final JsonNode list = config.section(StrategyStage.SECTION);
        if (list.isMissingNode() || list.isNull())
        {
            return List.of();
        }
        if (!list.isArray())
        {
            throw new IllegalArgumentException(config.file() + ": strategies: expected a list of strategies ({ type, id, "
                + "instrument, ... })");
        }
        final List<StrategySettings> result = new ArrayList<>();
        final Map<Integer, Integer> ids = new HashMap<>();
        final Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < list.size(); i++)
        {
            final String where = StrategyStage.SECTION + "[" + i + "]";
            final String at = config.file() + ": " + where;
            final JsonNode n = list.get(i);
            if (!n.isObject())
            {
                throw new IllegalArgumentException(at + ": expected a mapping");
            }
            final String type = config.textOr(n, where, "type", null);
            if (type == null)
            {
                throw new IllegalArgumentException(at + ".type: required (" + MOMENTUM_SHORT + " or " + BINANCE_LONG + ")");
            }
            final String[] typeKeys;
            switch (type)
            {
                case MOMENTUM_SHORT: typeKeys = MomentumShortSettings.KEYS; break;
                case BINANCE_LONG: typeKeys = BinanceLongSettings.KEYS; break;
                default:
                    throw new IllegalArgumentException(at + ".type: unknown strategy type '" + type + "'; known: "
                        + MOMENTUM_SHORT + ", " + BINANCE_LONG);
            }
            final List<String> keys = new ArrayList<>(COMMON_KEYS);
            Collections.addAll(keys, typeKeys);
            config.checkKeys(n, where, keys.toArray(new String[0]));
            if (!n.has("id"))
            {
                throw new IllegalArgumentException(at + ".id: required (an integer >= 1, unique)");
            }
            final int id = config.intOr(n, where, "id", 0);
            if (id < 1)
            {
                throw new IllegalArgumentException(at + ".id: must be >= 1, got " + id);
            }
            final Integer firstId = ids.putIfAbsent(id, i);
            if (firstId != null)
            {
                throw new IllegalArgumentException(at + ".id: duplicate id " + id + " (also strategies[" + firstId + "])");
            }
            final String name = config.textOr(n, where, "name", type + "_" + id);
            if (name.isBlank() || name.contains("."))
            {
                throw new IllegalArgumentException(at + ".name: must be non-blank without '.', got '" + name + "'");
            }
            final Integer firstName = names.putIfAbsent(name, i);
            if (firstName != null)
            {
                throw new IllegalArgumentException(at + ".name: duplicate name '" + name + "' (also strategies[" + firstName + "])");
            }
            final String spec = config.textOr(n, where, "instrument", null);
            if (spec == null)
            {
                throw new IllegalArgumentException(at + ".instrument: required (venue:SYMBOL)");
            }
            final Instrument instrument;
            try
            {
                instrument = instruments.resolve(spec);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(at + ".instrument: " + ex.getMessage(), ex);
            }
            if (MOMENTUM_SHORT.equals(type))
            {
                result.add(new StrategySettings(type, id, name, instrument,
                    MomentumShortSettings.from(config, n, where, instrument), null));
            }
            else
            {
                result.add(new StrategySettings(type, id, name, instrument, null, BinanceLongSettings.from(config, n, where)));
            }
        }
        return List.copyOf(result);
    }

    /** The strategy, reading positions and working orders through the given views. */
    public Strategy create(final PortfolioView portfolio, final OrderView orders)
    {
        if (momentumShort != null)
        {
            return new MomentumShortStrategy(id, name, instrument, momentumShort, portfolio, orders);
        }
        return new BinanceLongStrategy(id, name, instrument, binanceLong, portfolio, orders);
    }

    public String type()
    {
        return type;
    }

    public int id()
    {
        return id;
    }

    public String name()
    {
        return name;
    }

    public Instrument instrument()
    {
        return instrument;
    }

    /** The momentum_short parameters, or null. */
    public MomentumShortSettings momentumShort()
    {
        return momentumShort;
    }

    /** The binance_long parameters, or null. */
    public BinanceLongSettings binanceLong()
    {
        return binanceLong;
    }

    /** A qty in instrument units (a YAML number) as a mantissa on the lot grid; 0 when absent. */
    static long qtyMantissa(final TraderConfig config, final JsonNode n, final String where, final String key,
        final Instrument instrument)
    {
        final JsonNode v = n.get(key);
        if (v == null)
        {
            return 0L;
        }
        final String at = config.file() + ": " + where + "." + key;
        if (!v.isNumber())
        {
            throw new IllegalArgumentException(at + ": expected a number of " + instrument.symbol() + " units, got '" + v.asText() + "'");
        }
        final long m = Decimals.parse(v.decimalValue().toPlainString(), instrument.qtyExponent());
        if (!Decimals.isValid(m))
        {
            throw new IllegalArgumentException(at + ": " + v.asText() + " is not representable at the lot grid "
                + instrument.lotSize());
        }
        if (m < 0)
        {
            throw new IllegalArgumentException(at + ": must be >= 0, got " + v.asText());
        }
        if (m % instrument.lotMantissa() != 0)
        {
            throw new IllegalArgumentException(at + ": " + v.asText() + " is not a multiple of the lot size " + instrument.lotSize());
        }
        return m;
    }

    /** A Key24 name: 1 to 24 printable ASCII characters. */
    static void checkKey24(final String key, final String value)
    {
        if (value == null || value.isEmpty() || value.length() > 24 || !value.chars().allMatch(c -> c > 32 && c < 127))
        {
            throw new IllegalArgumentException(key + ": must be 1 to 24 printable ASCII characters, got '" + value + "'");
        }
    }
}
