package dev.trader.adapters.live;

import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.VenueCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The publisher's channels: socket generation gating, per-channel encode buffers, stamps and sequences in ring order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LivePublisherTest
{
    private static final long START_NS = 1_700_000_000_000_000_000L;

    @Test
    void shouldPublishFramesOnlyOfTheLiveSocketGeneration()
    {
        final CollectingPublisher out = new CollectingPublisher();
        final LivePublisher publisher = new LivePublisher(out, new ManualClock(START_NS), 4096);
        final LivePublisher.Channel channel = publisher.channel(VenueCode.BINANCE_USDM, 1, "live:test");

        assertFalse(channel.text(1, "before connect"), "no live generation yet");
        channel.generation(1);
        channel.state(ConnectionState.CONNECTED, 0, 0, 0, "up");
        assertTrue(channel.text(1, "a"));
        assertFalse(channel.text(2, "from another socket"));
        channel.generation(LivePublisher.NO_GENERATION);
        channel.state(ConnectionState.DISCONNECTED, 0, 0, 0, "gone");
        assertFalse(channel.text(1, "late"), "a frame of the dead socket after its DISCONNECTED");
        channel.generation(2);
        assertTrue(channel.text(2, "b"));

        assertEquals(3, channel.staleFrames());
        final List<String> seen = new ArrayList<>();
        for (final Object o : out.all())
        {
            seen.add(o instanceof CollectingPublisher.Raw r ? r.text() : ((CollectingPublisher.State)o).state().name());
        }
        assertEquals(List.of("CONNECTED", "a", "DISCONNECTED", "b"), seen);
        // the receive sequence counts published RawMessages only (dropped frames and ConnectionEvents take none)
        assertEquals(List.of(1L, 2L), out.raws().stream().map(CollectingPublisher.Raw::sequence).toList());
        assertEquals(2, publisher.frames());
    }

    /**
     * Two connections publish at once, each encoding into its own buffer: every frame arrives intact, each
     * connection's sequence counts up by one in ring order, and stamps never step back in ring order.
     */
    @Test
    void shouldKeepEveryFrameIntactAndInOrderWhenConnectionsPublishConcurrently() throws Exception
    {
        final int perChannel = 2_000;
        final CollectingPublisher out = new CollectingPublisher();
        final LivePublisher publisher = new LivePublisher(out, LiveClock.system(), 4096);
        final LivePublisher.Channel[] channels = {
            publisher.channel(VenueCode.BINANCE_USDM, 1, "live:a"),
            publisher.channel(VenueCode.OKX, 2, "live:b")};
        final CountDownLatch go = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < channels.length; c++)
        {
            final LivePublisher.Channel channel = channels[c];
            final int id = c + 1;
            channel.generation(7);
            final Thread t = new Thread(() ->
            {
                try
                {
                    go.await();
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                for (int i = 0; i < perChannel; i++)
                {
                    // lengths vary so a frame encoded over another's bytes would show
                    channel.text(7, "{\"c\":" + id + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 97) + "\u00e9\"}");
                    if (i % 500 == 0)
                    {
                        channel.state(ConnectionState.CONNECTED, 0, i, 0, "c" + id + " at " + i);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (final Thread t : threads)
        {
            t.join();
        }
        assertTrue(out.invalid().isEmpty(), out.invalid().toString());
        assertFalse(out.timeWentBack(), "stamps never step back in ring order");
        final int[] next = {0, 0};
        final long[] sequence = {0, 0};
        for (final Object o : out.all())
        {
            if (o instanceof CollectingPublisher.Raw r)
            {
                final int c = r.connectionId() - 1;
                final int i = next[c]++;
                assertEquals("{\"c\":" + (c + 1) + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 97) + "\u00e9\"}", r.text());
                assertEquals(++sequence[c], r.sequence(), "connection " + (c + 1) + " sequence");
            }
            else if (o instanceof CollectingPublisher.State s)
            {
                final int c = s.connectionId() - 1;
                assertEquals("c" + (c + 1) + " at " + s.attempt(), s.detail());
            }
        }
        assertEquals(perChannel, next[0]);
        assertEquals(perChannel, next[1]);
    }
}
