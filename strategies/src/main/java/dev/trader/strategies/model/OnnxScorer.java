package dev.trader.strategies.model;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX model, loaded once, scoring one feature vector at a time with reused ("pinned") buffers.
 *
 * <h2>Session</h2>
 * The session is created from the exact bytes whose SHA-256 was checked ({@link ModelManifest#readVerifiedModel()})
 * with one intra-op thread, one inter-op thread and sequential execution: the engine thread does the work itself,
 * no ORT thread pool competes for the two cores.
 *
 * <h2>Buffers</h2>
 * The input is one {@link OnnxTensor} of shape {@code [1, F]} created once over a direct, native-order
 * {@link FloatBuffer}; each call rewrites that buffer in place (absolute puts), so ORT reads the new values without
 * a new tensor. Every tensor output the heads read is likewise one tensor created once over a direct buffer and
 * passed to {@code OrtSession.run(inputs, requestedOutputs, pinnedOutputs)} (ORT 1.16+): ORT writes the result into
 * that memory and the values are read back with absolute gets.
 *
 * <h2>What a call still allocates</h2>
 * ORT's Java {@code run} itself allocates per call, whatever the caller does: the name and handle arrays it passes to
 * JNI ({@code String[]}, {@code long[]}, {@code OnnxValue[]} for inputs and outputs, the {@code boolean[]} ownership
 * flags returned by JNI: ~144 B) and the {@link OrtSession.Result} with its {@code LinkedHashMap}, entry, table and
 * {@code ArrayList} (~216 B): 368 B per call on JDK 17, whatever the model (measured per thread by
 * {@code OnnxScorerTest}, and by {@code OnnxScoreBenchmark} with {@code -prof gc}). The maps handed to {@code run}
 * reuse their entry iterator ({@code FixedMap}), which removes the iterator allocations (400 B before). The scorer
 * itself allocates nothing per call: no tensors, no output copies, no boxing.
 *
 * <h2>ZipMap outputs</h2>
 * scikit-learn models converted with skl2onnx's defaults end in a ZipMap: {@code output_probability} is a sequence
 * of maps (class label to probability), which cannot be pinned. Such outputs are supported: ORT allocates the
 * sequence and the scorer reads the map of the one row, taking for column {@code i} the {@code i}-th smallest class
 * label (scikit-learn's {@code classes_} are sorted, so column 1 is {@code predict_proba[:, 1]}). That path boxes
 * every key and value and builds a {@code HashMap} per call, so {@link #allocationFree()} is false for such a model
 * and {@link ModelScoreStage} refuses it; re-export with {@code options={id(model): {'zipmap': False}}} to get a
 * plain {@code probabilities} tensor.
 *
 * <p>Not thread safe: one scorer per thread (the engine thread).
 */
public final class OnnxScorer implements AutoCloseable
{
    /** The export option that removes a ZipMap, quoted in messages. */
    public static final String NO_ZIPMAP_HINT = "export with skl2onnx options={id(model): {'zipmap': False}} "
        + "to get a plain probabilities tensor";
    private static final String DEFAULT_OUTPUT = "probabilities";

    private final ModelManifest manifest;
    private final byte[] sha256;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final int featureCount;
    private final FloatBuffer input;
    private final OnnxTensor inputTensor;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> pinned;
    private final Set<String> requested;
    private final List<OnnxTensor> ownedTensors = new ArrayList<>();
    private final String[] slotNames;
    private final FloatBuffer[] floatSlots;
    private final DoubleBuffer[] doubleSlots;
    private final boolean[] doubleOutput;
    private final Object[][] zipMapKeys;
    private final double[][] zipMapValues;
    private final int[] valueSlot;
    private final int[] valueColumn;
    private final List<String> outputLabels;
    private boolean closed;

    /**
     * @param modelFile  the model file (for messages and the derived manifest)
     * @param declared   the manifest, or null to derive one from the model's metadata
     * @param modelBytes the file's bytes, already checked against the manifest's hash
     */
    private OnnxScorer(final Path modelFile, final ModelManifest declared, final byte[] modelBytes)
    {
        this.sha256 = ModelManifest.sha256(modelBytes);
        final String where = declared != null && declared.source() != null ? declared.source().toString() : modelFile.toString();
        OrtSession.SessionOptions opts = null;
        OrtSession s = null;
        try
        {
            final OrtEnvironment env = OrtEnvironment.getEnvironment();
            opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            s = env.createSession(modelBytes, opts);
            this.options = opts;
            this.session = s;

            // input: exactly one float tensor [N, F]
            final Map<String, NodeInfo> inputInfo = s.getInputInfo();
            if (inputInfo.size() != 1)
            {
                throw new IllegalArgumentException(where + ": the model has " + inputInfo.size() + " inputs "
                    + inputInfo.keySet() + "; one float input [N, features] is supported");
            }
            final NodeInfo in = inputInfo.values().iterator().next();
            final long width = inputWidth(where, in);
            if (declared == null && width <= 0)
            {
                throw new IllegalArgumentException(where + ": the model's input width is not fixed; "
                    + "give a manifest listing its features");
            }
            final ModelManifest m = declared != null ? declared : ModelManifest.forModel(modelFile, (int)width);
            this.manifest = m;
            if (m.input() != null && !m.input().equals(in.getName()))
            {
                throw new IllegalArgumentException(where + ": input '" + m.input() + "' is not in the model; its input is '"
                    + in.getName() + "'");
            }
            if (width > 0 && width != m.featureCount())
            {
                throw new IllegalArgumentException(where + ": the model's input '" + in.getName() + "' takes " + width
                    + " features but the manifest lists " + m.featureCount());
            }
            this.featureCount = m.featureCount();

            // outputs the heads read, in first-use order
            final Map<String, NodeInfo> outputInfo = s.getOutputInfo();
            final String defaultOutput = m.output() != null ? m.output() : defaultOutput(where, outputInfo);
            final LinkedHashSet<String> names = new LinkedHashSet<>();
            for (final ModelHead h : m.heads())
            {
                final String name = h.output() != null ? h.output() : defaultOutput;
                if (!outputInfo.containsKey(name))
                {
                    throw new IllegalArgumentException(where + ": head " + h.name() + ": output '" + name
                        + "' is not in the model; its outputs: " + describe(outputInfo));
                }
                names.add(name);
            }
            this.slotNames = names.toArray(new String[0]);
            this.floatSlots = new FloatBuffer[slotNames.length];
            this.doubleSlots = new DoubleBuffer[slotNames.length];
            this.doubleOutput = new boolean[slotNames.length];
            this.zipMapKeys = new Object[slotNames.length][];
            this.zipMapValues = new double[slotNames.length][];

            // the input tensor, created once over a direct buffer rewritten by every call
            this.input = ByteBuffer.allocateDirect(Float.BYTES * featureCount).order(ByteOrder.nativeOrder()).asFloatBuffer();
            this.inputTensor = own(OnnxTensor.createTensor(env, input, new long[]{1, featureCount}));
            requireBorrowed(inputTensor, "input");
            final Map<String, OnnxTensor> inputMap = new LinkedHashMap<>();
            inputMap.put(in.getName(), inputTensor);
            this.inputs = new FixedMap<>(inputMap);

            // one run with all outputs left to ORT: proves the model runs and gives each output's real shape
            final long[][] shapes = new long[slotNames.length][];
            final int[] widths = new int[slotNames.length];
            try (OrtSession.Result r = s.run(inputs, new LinkedHashSet<>(names)))
            {
                for (int k = 0; k < slotNames.length; k++)
                {
                    widths[k] = probe(where, slotNames[k], outputInfo.get(slotNames[k]), r.get(k), k, shapes);
                }
            }

            // pinned tensors for tensor outputs; ZipMap outputs stay with ORT
            final Map<String, OnnxTensor> pinnedMap = new LinkedHashMap<>();
            final Set<String> zipMaps = new LinkedHashSet<>();
            for (int k = 0; k < slotNames.length; k++)
            {
                if (zipMapKeys[k] != null)
                {
                    zipMaps.add(slotNames[k]);
                    continue;
                }
                final int elementBytes = doubleOutput[k] ? Double.BYTES : Float.BYTES;
                final ByteBuffer bytes = ByteBuffer.allocateDirect(elementBytes * widths[k]).order(ByteOrder.nativeOrder());
                final OnnxTensor t;
                if (doubleOutput[k])
                {
                    doubleSlots[k] = bytes.asDoubleBuffer();
                    t = own(OnnxTensor.createTensor(env, doubleSlots[k], shapes[k]));
                }
                else
                {
                    floatSlots[k] = bytes.asFloatBuffer();
                    t = own(OnnxTensor.createTensor(env, floatSlots[k], shapes[k]));
                }
                requireBorrowed(t, slotNames[k]);
                pinnedMap.put(slotNames[k], t);
            }
            this.pinned = new FixedMap<>(pinnedMap);
            this.requested = zipMaps.isEmpty() ? Collections.emptySet() : zipMaps;

            // heads -> (slot, column) per output value
            final List<String> labels = new ArrayList<>();
            final List<int[]> cells = new ArrayList<>();
            for (final ModelHead h : m.heads())
            {
                final String name = h.output() != null ? h.output() : defaultOutput;
                final int slot = Arrays.asList(slotNames).indexOf(name);
                final int first = h.index() != ModelHead.DEFAULT_INDEX ? h.index()
                    : (h.kind().classProbability() && widths[slot] > 1 ? m.positiveClassIndex() : 0);
                if (first + h.kind().width() > widths[slot])
                {
                    throw new IllegalArgumentException(where + ": head " + h.name() + " reads columns " + first + ".."
                        + (first + h.kind().width() - 1) + " of output '" + name + "', which has " + widths[slot]
                        + (widths[slot] == 1 ? " column" : " columns")
                        + (h.index() == ModelHead.DEFAULT_INDEX ? " (positiveClassIndex " + m.positiveClassIndex() + ")" : ""));
                }
                for (int c = 0; c < h.kind().width(); c++)
                {
                    labels.add(h.label(c));
                    cells.add(new int[]{slot, first + c});
                }
            }
            this.outputLabels = List.copyOf(labels);
            this.valueSlot = new int[cells.size()];
            this.valueColumn = new int[cells.size()];
            for (int v = 0; v < cells.size(); v++)
            {
                valueSlot[v] = cells.get(v)[0];
                valueColumn[v] = cells.get(v)[1];
            }
        }
        catch (final OrtException ex)
        {
            closeAfterFailure(s, opts);
            throw new IllegalArgumentException("cannot load model " + where + ": " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeAfterFailure(s, opts);
            throw ex;
        }
        try
        {
            // fail at load, not on the first event, if the pinned path does not run
            score(new double[featureCount], new double[outputLabels.size()]);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Loads a model described by a manifest: checks the features against the engine's catalogue, reads the model
     * file, checks its SHA-256, then opens the session.
     *
     * @param knownFeatures the engine's feature catalogue
     * @throws IllegalArgumentException when a feature is unknown, the hash differs, or the model does not match the
     *                                  manifest (input width, outputs, head columns)
     */
    public static OnnxScorer load(final ModelManifest manifest, final Set<String> knownFeatures)
    {
        manifest.requireKnownFeatures(knownFeatures);
        return new OnnxScorer(manifest.modelFile(), manifest, manifest.readVerifiedModel());
    }

    /**
     * Loads a model described by a manifest without checking its features against a catalogue (offline scoring of
     * files, {@code trader score}); the hash is still checked.
     */
    public static OnnxScorer loadWithoutCatalogue(final ModelManifest manifest)
    {
        return new OnnxScorer(manifest.modelFile(), manifest, manifest.readVerifiedModel());
    }

    /**
     * Loads a model without a manifest, deriving one from its metadata: the single float input {@code [N, F]},
     * features {@code f0 .. f<F-1>}, and one head reading the positive class (column 1) of the {@code probabilities}
     * output, or of the only float output (column 0 when it has one column).
     */
    public static OnnxScorer loadDefault(final Path modelFile)
    {
        final Path file = modelFile.toAbsolutePath().normalize();
        return new OnnxScorer(file, null, ModelManifest.forModel(file, 1).readVerifiedModel());
    }

    /**
     * Scores one feature vector.
     *
     * @param features the vector in manifest order; at least {@link #featureCount()} values (cast to float, as the
     *                 model takes them)
     * @param outputs  receives {@link #outputCount()} values, in {@link #outputLabels()} order
     */
    public void score(final double[] features, final double[] outputs)
    {
        checkLengths(features.length, outputs.length);
        final FloatBuffer in = input;
        for (int i = 0; i < featureCount; i++)
        {
            in.put(i, (float)features[i]);
        }
        run(outputs);
    }

    /** {@link #score(double[], double[])} for a float vector. */
    public void score(final float[] features, final double[] outputs)
    {
        checkLengths(features.length, outputs.length);
        final FloatBuffer in = input;
        for (int i = 0; i < featureCount; i++)
        {
            in.put(i, features[i]);
        }
        run(outputs);
    }

    private void run(final double[] outputs)
    {
        if (closed)
        {
            throw new IllegalStateException("model " + manifest.name() + " is closed");
        }
        try (OrtSession.Result result = session.run(inputs, requested, pinned))
        {
            if (!requested.isEmpty())
            {
                readZipMaps(result);
            }
        }
        catch (final OrtException ex)
        {
            throw new IllegalStateException("model " + manifest.name() + " failed to score: " + ex.getMessage(), ex);
        }
        for (int v = 0; v < valueSlot.length; v++)
        {
            final int slot = valueSlot[v];
            final int column = valueColumn[v];
            final FloatBuffer f = floatSlots[slot];
            if (f != null)
            {
                outputs[v] = f.get(column);
            }
            else if (doubleSlots[slot] != null)
            {
                outputs[v] = doubleSlots[slot].get(column);
            }
            else
            {
                outputs[v] = zipMapValues[slot][column];
            }
        }
    }

    private void readZipMaps(final OrtSession.Result result) throws OrtException
    {
        for (int k = 0; k < slotNames.length; k++)
        {
            if (zipMapKeys[k] == null)
            {
                continue;
            }
            final OnnxValue value = result.get(slotNames[k]).orElseThrow();
            final List<? extends OnnxValue> maps = ((OnnxSequence)value).getValue();
            try
            {
                final Map<?, ?> map = ((OnnxMap)maps.get(0)).getValue();
                for (int c = 0; c < zipMapKeys[k].length; c++)
                {
                    zipMapValues[k][c] = ((Number)map.get(zipMapKeys[k][c])).doubleValue();
                }
            }
            finally
            {
                for (final OnnxValue m : maps)
                {
                    m.close();
                }
            }
        }
    }

    private void checkLengths(final int features, final int outputs)
    {
        if (features < featureCount || outputs < valueSlot.length)
        {
            throw new IllegalArgumentException("model " + manifest.name() + " takes " + featureCount + " features and gives "
                + valueSlot.length + " outputs; got arrays of " + features + " and " + outputs);
        }
    }

    /** The manifest in force (the derived one for {@link #loadDefault(Path)}). */
    public ModelManifest manifest()
    {
        return manifest;
    }

    /** Number of features a score takes. */
    public int featureCount()
    {
        return featureCount;
    }

    /** Feature names in input order (the feature-order contract). */
    public List<String> featureNames()
    {
        return manifest.features();
    }

    /** Number of values a score gives: the sum of the heads' widths. */
    public int outputCount()
    {
        return valueSlot.length;
    }

    /** Label of each output value: the head name, or {@code head.long / .short / .neutral} for Direction. */
    public List<String> outputLabels()
    {
        return outputLabels;
    }

    /** SHA-256 of the loaded model file (a copy), for journaling with every score. */
    public byte[] sha256()
    {
        return sha256.clone();
    }

    /** {@link #sha256()} as 64 lowercase hex digits. */
    public String sha256Hex()
    {
        return HexFormat.of().formatHex(sha256);
    }

    /** False when an output cannot be pinned (a ZipMap), so ORT allocates the output values on every call. */
    public boolean allocationFree()
    {
        return requested.isEmpty();
    }

    /** Names of the outputs read through a ZipMap (empty for a model read through pinned tensors only). */
    public Set<String> zipMapOutputs()
    {
        return Collections.unmodifiableSet(requested);
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final OnnxTensor t : ownedTensors)
        {
            t.close();
        }
        closeQuietly(session, options);
    }

    private OnnxTensor own(final OnnxTensor tensor)
    {
        ownedTensors.add(tensor);
        return tensor;
    }

    private int probe(
        final String where,
        final String name,
        final NodeInfo declared,
        final OnnxValue actual,
        final int slot,
        final long[][] shapes) throws OrtException
    {
        final ValueInfo info = declared.getInfo();
        if (info instanceof TensorInfo)
        {
            final TensorInfo t = (TensorInfo)info;
            if (t.type != OnnxJavaType.FLOAT && t.type != OnnxJavaType.DOUBLE)
            {
                throw new IllegalArgumentException(where + ": output '" + name + "' is a " + t.type
                    + " tensor; heads read float or double outputs");
            }
            final long[] shape = ((TensorInfo)actual.getInfo()).getShape();
            if (shape.length == 0 || shape[0] != 1)
            {
                throw new IllegalArgumentException(where + ": output '" + name + "' has shape " + Arrays.toString(shape)
                    + " for one input row; expected [1, ...] (batch first)");
            }
            long width = 1;
            for (int d = 1; d < shape.length; d++)
            {
                width *= shape[d];
            }
            if (width < 1 || width > 65_534)
            {
                throw new IllegalArgumentException(where + ": output '" + name + "' has " + width + " values per row");
            }
            shapes[slot] = shape;
            doubleOutput[slot] = t.type == OnnxJavaType.DOUBLE;
            return (int)width;
        }
        if (info instanceof SequenceInfo && ((SequenceInfo)info).isSequenceOfMaps())
        {
            final MapInfo mapInfo = ((SequenceInfo)info).mapInfo;
            if (mapInfo.valueType != OnnxJavaType.FLOAT && mapInfo.valueType != OnnxJavaType.DOUBLE)
            {
                throw new IllegalArgumentException(where + ": output '" + name + "' is a ZipMap of " + mapInfo.valueType
                    + " values; " + NO_ZIPMAP_HINT);
            }
            final List<? extends OnnxValue> maps = ((OnnxSequence)actual).getValue();
            try
            {
                if (maps.size() != 1)
                {
                    throw new IllegalArgumentException(where + ": output '" + name + "' gave " + maps.size()
                        + " maps for one input row; " + NO_ZIPMAP_HINT);
                }
                final Object[] keys = ((OnnxMap)maps.get(0)).getValue().keySet().toArray();
                Arrays.sort(keys);
                zipMapKeys[slot] = keys;
                zipMapValues[slot] = new double[keys.length];
                return keys.length;
            }
            finally
            {
                for (final OnnxValue m : maps)
                {
                    m.close();
                }
            }
        }
        throw new IllegalArgumentException(where + ": output '" + name + "' is " + info
            + "; heads read float tensors [N, C] or ZipMap probabilities");
    }

    private static long inputWidth(final String where, final NodeInfo in)
    {
        if (!(in.getInfo() instanceof TensorInfo))
        {
            throw new IllegalArgumentException(where + ": input '" + in.getName() + "' is " + in.getInfo()
                + "; one float tensor [N, features] is supported");
        }
        final TensorInfo t = (TensorInfo)in.getInfo();
        final long[] shape = t.getShape();
        if (t.type != OnnxJavaType.FLOAT || shape.length != 2 || shape[0] > 1)
        {
            throw new IllegalArgumentException(where + ": input '" + in.getName() + "' is " + t.type + " "
                + Arrays.toString(shape) + "; one float tensor [N, features] is supported");
        }
        return shape[1];
    }

    private static String defaultOutput(final String where, final Map<String, NodeInfo> outputs)
    {
        final NodeInfo probabilities = outputs.get(DEFAULT_OUTPUT);
        if (probabilities != null && isFloatTensor(probabilities))
        {
            return DEFAULT_OUTPUT;
        }
        final List<String> floats = new ArrayList<>();
        final List<String> zipMaps = new ArrayList<>();
        for (final NodeInfo n : outputs.values())
        {
            if (isFloatTensor(n))
            {
                floats.add(n.getName());
            }
            else if (n.getInfo() instanceof SequenceInfo && ((SequenceInfo)n.getInfo()).isSequenceOfMaps())
            {
                zipMaps.add(n.getName());
            }
        }
        if (floats.size() == 1)
        {
            return floats.get(0);
        }
        if (floats.isEmpty() && zipMaps.size() == 1)
        {
            return zipMaps.get(0);
        }
        throw new IllegalArgumentException(where + ": cannot choose the output to read from " + describe(outputs)
            + "; name it in a manifest (output: ...)");
    }

    private static boolean isFloatTensor(final NodeInfo n)
    {
        return n.getInfo() instanceof TensorInfo
            && (((TensorInfo)n.getInfo()).type == OnnxJavaType.FLOAT || ((TensorInfo)n.getInfo()).type == OnnxJavaType.DOUBLE);
    }

    private static String describe(final Map<String, NodeInfo> outputs)
    {
        final List<String> parts = new ArrayList<>();
        for (final NodeInfo n : outputs.values())
        {
            parts.add(n.getName() + " " + n.getInfo());
        }
        return parts.toString();
    }

    private static void requireBorrowed(final OnnxTensor tensor, final String what)
    {
        if (tensor.ownsBuffer())
        {
            throw new IllegalStateException("ONNX Runtime copied the " + what + " buffer: it would not see later writes");
        }
    }

    private void closeAfterFailure(final OrtSession session, final OrtSession.SessionOptions options)
    {
        for (final OnnxTensor t : ownedTensors)
        {
            t.close();
        }
        closeQuietly(session, options);
    }

    private static void closeQuietly(final OrtSession session, final OrtSession.SessionOptions options)
    {
        try
        {
            if (session != null)
            {
                session.close();
            }
        }
        catch (final OrtException ignored)
        {
            // closing after a failure: the first error is the one reported
        }
        if (options != null)
        {
            options.close();
        }
    }
}
