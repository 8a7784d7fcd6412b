package dev.trader.replay.report;

import dev.trader.engine.trading.Money;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's pictures, as seed 002 section 4 lists them ({@code plots/equity.png}, {@code plots/drawdown.png},
 * {@code plots/trade_pnl_hist.png}): drawn with Java2D (headless) from the same journal projections as the CSVs, so
 * they need nothing beyond the JDK. Plotting is a convenience: a failure (no fonts, no AWT on some JDK build) is
 * reported and never fails the run.
 */
public final class RunPlots
{
    public static final String DIR = "plots";
    public static final List<String> FILES = List.of("equity.png", "drawdown.png", "trade_pnl_hist.png");

    private static final int W = 900;
    private static final int H = 360;
    private static final int LEFT = 90;
    private static final int RIGHT = 20;
    private static final int TOP = 36;
    private static final int BOTTOM = 40;
    private static final int BINS = 20;

    private RunPlots()
    {
    }

    /** Writes the plots into {@code runDir/plots}; returns the files written, or a one-line reason when it could not. */
    static Object write(final Path runDir, final RunReport.Collected c)
    {
        try
        {
            System.setProperty("java.awt.headless", "true");
            final Path dir = runDir.resolve(DIR);
            Files.createDirectories(dir);
            final List<RunReport.Point> pts = c.points;
            final double[] t = new double[pts.size()];
            for (int i = 0; i < t.length; i++)
            {
                t[i] = pts.get(i).tsNs() / 1e9;
            }
            final double[] equity = RunReport.equities(pts);
            final double[] drawdown = ReportMetrics.drawdowns(equity);
            for (int i = 0; i < drawdown.length; i++)
            {
                drawdown[i] *= 100.0;
            }
            final double[] pnl = new double[c.trades.size()];
            for (int i = 0; i < pnl.length; i++)
            {
                pnl[i] = Money.toDouble(c.trades.get(i).net());
            }
            line(dir.resolve(FILES.get(0)), "Equity (quote)", t, equity, new Color(30, 90, 170), false);
            line(dir.resolve(FILES.get(1)), "Drawdown (% below running max)", t, drawdown, new Color(190, 50, 40), true);
            histogram(dir.resolve(FILES.get(2)), "Trade net PnL (quote), " + pnl.length + " trades", pnl);
            final List<String> written = new ArrayList<>();
            for (final String f : FILES)
            {
                written.add(DIR + "/" + f);
            }
            return written;
        }
        catch (final IOException | RuntimeException | LinkageError ex)
        {
            return "plots not written: " + ex;
        }
    }

    private static void line(final Path file, final String title, final double[] x, final double[] y, final Color color,
        final boolean fill) throws IOException
    {
        final BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = canvas(img, title);
        if (x.length == 0)
        {
            g.drawString("no equity points", LEFT + 10, TOP + 20);
            finish(g, img, file);
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (final double v : y)
        {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (fill)
        {
            hi = Math.max(hi, 0.0);
        }
        if (hi - lo < 1e-12)
        {
            hi = lo + 1.0;
        }
        final double x0 = x[0];
        final double x1 = x[x.length - 1] > x0 ? x[x.length - 1] : x0 + 1;
        axes(g, lo, hi, x0, x1);
        g.setColor(color);
        g.setStroke(new BasicStroke(1.5f));
        int px = -1;
        int py = -1;
        final int zero = py(0.0, lo, hi);
        for (int i = 0; i < x.length; i++)
        {
            final int cx = px(x[i], x0, x1);
            final int cy = py(y[i], lo, hi);
            if (fill)
            {
                g.drawLine(cx, zero, cx, cy);
            }
            if (px >= 0)
            {
                g.drawLine(px, py, cx, cy);
            }
            px = cx;
            py = cy;
        }
        finish(g, img, file);
    }

    private static void histogram(final Path file, final String title, final double[] v) throws IOException
    {
        final BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = canvas(img, title);
        if (v.length == 0)
        {
            g.drawString("no closed trades", LEFT + 10, TOP + 20);
            finish(g, img, file);
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (final double p : v)
        {
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
        }
        if (hi - lo < 1e-12)
        {
            lo -= 0.5;
            hi += 0.5;
        }
        final int[] counts = new int[BINS];
        int max = 0;
        for (final double p : v)
        {
            final int b = Math.min(BINS - 1, (int)((p - lo) / (hi - lo) * BINS));
            max = Math.max(max, ++counts[b]);
        }
        axes(g, 0, max, lo, hi);
        final double width = (W - LEFT - RIGHT) / (double)BINS;
        for (int b = 0; b < BINS; b++)
        {
            final double binLo = lo + (hi - lo) * b / BINS;
            g.setColor(binLo + (hi - lo) / BINS <= 0 ? new Color(190, 50, 40) : binLo >= 0 ? new Color(40, 140, 70)
                : new Color(120, 120, 120));
            final int top = py(counts[b], 0, max);
            g.fillRect(LEFT + (int)(b * width) + 1, top, Math.max(1, (int)width - 2), H - BOTTOM - top);
        }
        finish(g, img, file);
    }

    private static Graphics2D canvas(final BufferedImage img, final String title)
    {
        final Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return g;
    }

    /** Frame, y labels (min, max) and x labels (first and last time, or the value range for the histogram). */
    private static void axes(final Graphics2D g, final double yLo, final double yHi, final double xLo, final double xHi)
    {
        g.setColor(new Color(200, 200, 200));
        g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        g.setColor(Color.DARK_GRAY);
        g.drawString(num(yHi), 6, TOP + 10);
        g.drawString(num(yLo), 6, H - BOTTOM);
        g.drawString(xLabel(xLo), LEFT, H - BOTTOM + 16);
        final String right = xLabel(xHi);
        g.drawString(right, W - RIGHT - g.getFontMetrics().stringWidth(right), H - BOTTOM + 16);
    }

    private static String xLabel(final double x)
    {
        // times are epoch seconds (> year 2001); histogram edges are PnL values
        return Math.abs(x) > 1e9 ? Instant.ofEpochMilli(Math.round(x * 1000)).toString() : num(x);
    }

    private static String num(final double v)
    {
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%,.2f" : "%.4g", v);
    }

    private static int px(final double x, final double x0, final double x1)
    {
        return LEFT + (int)Math.round((x - x0) / (x1 - x0) * (W - LEFT - RIGHT));
    }

    private static int py(final double y, final double lo, final double hi)
    {
        return H - BOTTOM - (int)Math.round((y - lo) / (hi - lo) * (H - TOP - BOTTOM));
    }

    private static void finish(final Graphics2D g, final BufferedImage img, final Path file) throws IOException
    {
        g.dispose();
        if (!ImageIO.write(img, "png", file.toFile()))
        {
            throw new IOException("no PNG writer");
        }
    }
}
