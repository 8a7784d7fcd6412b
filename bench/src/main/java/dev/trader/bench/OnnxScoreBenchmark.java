package dev.trader.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.trader.strategies.model.OnnxScorer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One ONNX score of one row of 40 features, on the benchmark thread, with the shared scikit-learn fixtures
 * ({@code <shared>/models/<model>.onnx}; rows from its {@code .expected.csv}, cycled):
 * <ul>
 *   <li>{@link #pinned}: {@link OnnxScorer#score(float[], double[])}, the engine's path: the input tensor and the
 *       {@code probabilities} output are created once over direct buffers and reused. Expected allocation: what
 *       ONNX Runtime's {@code OrtSession.run} itself allocates (~370 B: the arrays it hands to JNI and its
 *       {@code Result}).</li>
 *   <li>{@link #freshTensors}: the textbook ORT Java usage for comparison: a new input tensor from a
 *       {@code float[1][40]} per call, ORT allocating the outputs, {@code getValue()} copying them to Java arrays.</li>
 * </ul>
 * Both sessions: one intra-op and one inter-op thread, sequential execution. The shared folder comes from
 * {@code -Dtrader.shared.dir} (put it in {@code BENCH_JAVA_OPTS}), else {@code ../shared} or {@code ../../shared}
 * from the working directory. ONNX Runtime unpacks its native library (~28 MB) into {@code java.io.tmpdir} in each
 * fork and deletes it at exit.
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
public class OnnxScoreBenchmark
{
    /** System property naming the shared fixtures folder (the one holding {@code models/}). */
    public static final String SHARED_DIR_PROPERTY = "trader.shared.dir";
    private static final int FEATURES = 40;

    @Param({"sklearn_logreg", "sklearn_gbdt200_d4"})
    public String model;

    private OnnxScorer scorer;
    private float[][] rows;
    private final double[] out = new double[1];
    private int cursor;

    private OrtSession.SessionOptions options;
    private OrtSession session;
    private String inputName;
    private final float[][] batch = new float[1][];

    @Setup(Level.Trial)
    public void setup() throws OrtException
    {
        final Path file = sharedModels().resolve(model + ".onnx");
        scorer = OnnxScorer.loadDefault(file);
        rows = readRows(sharedModels().resolve(model + ".expected.csv"));
        options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        session = OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        inputName = session.getInputNames().iterator().next();
    }

    /** The engine's path: rewrite the pinned input in place, ORT writes into the pinned output. */
    @Benchmark
    public double pinned()
    {
        final int i = cursor;
        scorer.score(rows[i], out);
        cursor = i + 1 == rows.length ? 0 : i + 1;
        return out[0];
    }

    /** For comparison: a new input tensor per call, ORT-allocated outputs copied out with {@code getValue()}. */
    @Benchmark
    public float freshTensors() throws OrtException
    {
        final int i = cursor;
        batch[0] = rows[i];
        cursor = i + 1 == rows.length ? 0 : i + 1;
        try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), batch);
             OrtSession.Result result = session.run(java.util.Map.of(inputName, input)))
        {
            final float[][] probabilities = (float[][])result.get("probabilities").orElseThrow().getValue();
            return probabilities[0][1];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException
    {
        scorer.close();
        session.close();
        options.close();
    }

    private static Path sharedModels()
    {
        final String property = System.getProperty(SHARED_DIR_PROPERTY);
        final List<Path> candidates = property != null ? List.of(Path.of(property))
            : List.of(Path.of("../shared"), Path.of("../../shared"));
        for (final Path c : candidates)
        {
            final Path models = c.resolve("models").toAbsolutePath().normalize();
            if (Files.isDirectory(models))
            {
                return models;
            }
        }
        throw new IllegalStateException("no shared models folder at " + candidates + " (working directory "
            + Path.of("").toAbsolutePath() + "); pass -D" + SHARED_DIR_PROPERTY + "=<shared> in BENCH_JAVA_OPTS");
    }

    private static float[][] readRows(final Path csv)
    {
        try
        {
            final List<float[]> rows = new ArrayList<>();
            for (final String line : Files.readAllLines(csv))
            {
                if (line.isBlank())
                {
                    continue;
                }
                final String[] cells = line.split(",");
                final float[] row = new float[FEATURES];
                for (int i = 0; i < FEATURES; i++)
                {
                    row[i] = Float.parseFloat(cells[i].trim());
                }
                rows.add(row);
            }
            return rows.toArray(new float[0][]);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
