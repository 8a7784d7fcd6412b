package dev.trader.codecs;

import org.agrona.sbe.MessageDecoderFlyweight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout convention {@link Events} relies on (common fields at fixed offsets of every root block) and the
 * {@link EventType} registry.
 */
class EventLayoutTest
{
    private static final String SBE_PACKAGE = "dev.trader.codecs.sbe.";

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldPlaceCommonFieldsAtFixedOffsetsInEveryMessage(final EventType type) throws Exception
    {
        final Class<?> encoder = Class.forName(SBE_PACKAGE + type.displayName() + "Encoder");

        assertEquals(Events.EXCHANGE_TS_OFFSET, staticInt(encoder, "exchangeTsNsEncodingOffset"));
        assertEquals(Events.RECEIVE_TS_OFFSET, staticInt(encoder, "receiveTsNsEncodingOffset"));
        assertEquals(Events.INSTRUMENT_ID_OFFSET, staticInt(encoder, "instrumentIdEncodingOffset"));
        assertEquals(0, Events.EXCHANGE_TS_OFFSET);
        assertEquals(8, Events.RECEIVE_TS_OFFSET);
        assertEquals(16, Events.INSTRUMENT_ID_OFFSET);
        assertEquals(8, staticInt(encoder, "exchangeTsNsEncodingLength"));
        assertEquals(8, staticInt(encoder, "receiveTsNsEncodingLength"));
        assertEquals(4, staticInt(encoder, "instrumentIdEncodingLength"));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldMatchGeneratedTemplateIdsAndBlockLengths(final EventType type) throws Exception
    {
        final Class<?> encoder = Class.forName(SBE_PACKAGE + type.displayName() + "Encoder");

        assertEquals(type.templateId(), encoder.getField("TEMPLATE_ID").getInt(null));
        assertEquals(Events.SCHEMA_ID, encoder.getField("SCHEMA_ID").getInt(null));
        assertTrue(encoder.getField("BLOCK_LENGTH").getInt(null) >= Events.MIN_BLOCK_LENGTH);

        final MessageDecoderFlyweight decoder = type.newDecoder();
        assertEquals(SBE_PACKAGE + type.displayName() + "Decoder", decoder.getClass().getName());
        assertEquals(type.templateId(), decoder.sbeTemplateId());
        assertSame(decoder.getClass(), EventType.newDecoderTable()[type.templateId()].getClass());
    }

    @Test
    void shouldHaveAnEventTypeForEveryMessageInTheSchema() throws Exception
    {
        final List<String> schemaMessages = new ArrayList<>();
        try (InputStream in = EventLayoutTest.class.getResourceAsStream("/sbe/trader-schema.xml"))
        {
            assertNotNull(in, "schema on the classpath");
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            final Document doc = factory.newDocumentBuilder().parse(in);
            final NodeList messages = doc.getElementsByTagNameNS("http://fixprotocol.io/2016/sbe", "message");
            for (int i = 0; i < messages.getLength(); i++)
            {
                final Element message = (Element)messages.item(i);
                schemaMessages.add(message.getAttribute("name") + "#" + message.getAttribute("id"));
            }
        }
        final List<String> registered = Stream.of(EventType.values())
            .map(t -> t.displayName() + "#" + t.templateId())
            .sorted()
            .collect(Collectors.toList());

        assertEquals(schemaMessages.stream().sorted().collect(Collectors.toList()), registered);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void shouldRoundTripTemplateIdAndNames(final EventType type)
    {
        assertSame(type, EventType.ofTemplateId(type.templateId()));
        assertSame(type, EventType.parse(type.displayName()));
        assertSame(type, EventType.parse(type.name()));
        assertSame(type, EventType.parse(type.name().toLowerCase(Locale.ROOT)));
        assertTrue(type.templateId() < EventType.MAX_TEMPLATE_ID_EXCLUSIVE);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 9, 19, 37, 65535, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void shouldReturnNullForTemplateIdsThatAreNotOurs(final int templateId)
    {
        assertNull(EventType.ofTemplateId(templateId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BestBidOffer", "BEST_BID_OFFER", "bestbidoffer", " best-bid-offer "})
    void shouldParseDisplayAndConstantNamesInAnyCase(final String name)
    {
        assertSame(EventType.BEST_BID_OFFER, EventType.parse(name));
    }

    @Test
    void shouldRejectUnknownNameListingKnownOnes()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> EventType.parse("Quote"));

        assertTrue(ex.getMessage().contains("'Quote'"), ex.getMessage());
        for (final EventType type : EventType.values())
        {
            assertTrue(ex.getMessage().contains(type.displayName()), ex.getMessage());
        }
        assertTrue(ex.getMessage().contains(EventType.knownNames()), ex.getMessage());
    }

    @Test
    void shouldSplitMarketAndEngineEvents()
    {
        assertTrue(EventType.TRADE.isMarket());
        assertTrue(EventType.KLINE.isMarket());
        assertFalse(EventType.BAR.isMarket());
        assertFalse(EventType.INPUT_REJECT.isMarket());
        assertFalse(EventType.SAMPLED_EVENT.isMarket());
        assertFalse(EventType.REGIME_CHANGE.isMarket());
        assertFalse(EventType.GATE_CHANGE.isMarket());
    }

    @Test
    void shouldRegisterTheSampledEventAsTemplateThirty()
    {
        assertEquals(30, EventType.SAMPLED_EVENT.templateId());
        assertSame(EventType.SAMPLED_EVENT, EventType.ofTemplateId(30));
        assertEquals(37, EventType.MAX_TEMPLATE_ID_EXCLUSIVE);
    }

    @Test
    void shouldGiveTheGateEventsTheirReservedTemplateIds()
    {
        assertEquals(31, EventType.REGIME_CHANGE.templateId());
        assertEquals(32, EventType.GATE_CHANGE.templateId());
        assertSame(EventType.REGIME_CHANGE, EventType.parse("RegimeChange"));
        assertSame(EventType.GATE_CHANGE, EventType.parse("gate_change"));
    }

    private static int staticInt(final Class<?> type, final String method) throws Exception
    {
        return (int)type.getMethod(method).invoke(null);
    }
}
