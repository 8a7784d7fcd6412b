package dev.trader.strategies.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contract between a model trained elsewhere and the engine: which file, pinned by its SHA-256, which input, and
 * the feature order (the model's input column {@code i} is feature {@code features[i]}), and the heads to read from
 * the outputs. Written in YAML or JSON ({@code .json} files are read as JSON, others as YAML); every key is
 * checked and an unknown one is refused with its path named.
 *
 * <pre>
 * model: direction.onnx        # relative to this file (or absolute)
 * sha256: 36034a0035...        # SHA-256 of the model file, checked when the model is loaded
 * id: 3                        # ModelScore.modelId (default 0)
 * name: direction              # default: the model file's name without .onnx
 * input: input                 # default: the model's only input, a float tensor [N, features]
 * output: probabilities        # default output of the heads; default: "probabilities", else the only float output
 * positiveClassIndex: 1        # column of the positive class in a class-probability output (default 1)
 * features: [ret_1m_bps, ret_5m_bps, taker_imbalance_1m, ...]
 * heads:                       # default: one probability head on the default output
 *   - { name: dir, kind: direction, output: direction, index: 0 }            # long, short, neutral
 *   - { name: entry_long, kind: entry, side: long, output: entry, index: 0 }
 *   - { name: risk, kind: risk, output: risk }
 * </pre>
 *
 * @param source             the manifest file, or null for a manifest derived from the model alone
 * @param modelFile          absolute path of the ONNX file
 * @param sha256             expected SHA-256 of the model file (64 lowercase hex digits), or null when derived (not
 *                           checked)
 * @param id                 model id written into every ModelScore event
 * @param name               short name (stage name, reports)
 * @param input              ONNX input name, or null for the model's only input
 * @param output             default ONNX output of the heads, or null to choose it from the model
 * @param positiveClassIndex column of the positive class in class-probability outputs
 * @param features           feature names in model input order
 * @param heads              heads in output order
 */
public record ModelManifest(
    Path source,
    Path modelFile,
    String sha256,
    int id,
    String name,
    String input,
    String output,
    int positiveClassIndex,
    List<String> features,
    List<ModelHead> heads)
{
    /** Keys a manifest may hold. */
    public static final List<String> KEYS = List.of(
        "model", "sha256", "id", "name", "input", "output", "positiveClassIndex", "features", "heads");
    /** Keys a head may hold. */
    public static final List<String> HEAD_KEYS = List.of("name", "kind", "side", "output", "index");
    /** Default column of the positive class (scikit-learn's {@code predict_proba[:, 1]}). */
    public static final int DEFAULT_POSITIVE_CLASS_INDEX = 1;

    /** Validates the fields; see the class comment. */
    public ModelManifest
    {
        final String where = source != null ? source.toString() : String.valueOf(modelFile);
        if (modelFile == null)
        {
            throw new IllegalArgumentException(where + ": model: required, the path of the ONNX file");
        }
        modelFile = modelFile.toAbsolutePath().normalize();
        if (sha256 != null)
        {
            sha256 = sha256.trim().toLowerCase(Locale.ROOT);
            if (!sha256.matches("[0-9a-f]{64}"))
            {
                throw new IllegalArgumentException(where + ": sha256: expected 64 hex digits, got '" + sha256 + "'");
            }
        }
        if (name == null || name.isBlank())
        {
            name = defaultName(modelFile);
        }
        if (positiveClassIndex < 0)
        {
            throw new IllegalArgumentException(where + ": positiveClassIndex: must be 0 or more, got " + positiveClassIndex);
        }
        if (features == null || features.isEmpty())
        {
            throw new IllegalArgumentException(where + ": features: required, the feature names in model input order");
        }
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < features.size(); i++)
        {
            final String f = features.get(i);
            if (f == null || f.isBlank())
            {
                throw new IllegalArgumentException(where + ": features[" + i + "]: empty name");
            }
            if (!seen.add(f))
            {
                throw new IllegalArgumentException(where + ": features[" + i + "]: '" + f + "' appears twice");
            }
        }
        features = List.copyOf(features);
        heads = heads == null || heads.isEmpty() ? List.of(ModelHead.defaultProbability()) : List.copyOf(heads);
        final Set<String> headNames = new HashSet<>();
        for (final ModelHead h : heads)
        {
            if (!headNames.add(h.name()))
            {
                throw new IllegalArgumentException(where + ": heads: name '" + h.name() + "' appears twice");
            }
        }
    }

    /**
     * The manifest used when a model comes without one ({@code trader score --model M}): features {@code f0 ..
     * f<n-1>}, one probability head on the default output, no expected hash.
     */
    public static ModelManifest forModel(final Path modelFile, final int featureCount)
    {
        final List<String> names = new ArrayList<>(featureCount);
        for (int i = 0; i < featureCount; i++)
        {
            names.add("f" + i);
        }
        return new ModelManifest(null, modelFile, null, 0, null, null, null, DEFAULT_POSITIVE_CLASS_INDEX, names, null);
    }

    /** Reads a manifest file (JSON when it ends in {@code .json}, else YAML). */
    public static ModelManifest load(final Path file)
    {
        final Path abs = file.toAbsolutePath().normalize();
        final JsonNode root;
        try
        {
            final byte[] bytes = Files.readAllBytes(abs);
            final boolean json = abs.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
            root = (json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory())).readTree(bytes);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException(abs + ": not a valid model manifest: " + ex.getOriginalMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read model manifest " + abs + ": " + ex.getMessage(), ex);
        }
        if (root == null || !root.isObject())
        {
            throw new IllegalArgumentException(abs + ": expected a mapping at the top level");
        }
        checkKeys(abs, root, "", KEYS);
        final String model = text(abs, root, "model", null);
        if (model == null)
        {
            throw new IllegalArgumentException(abs + ": model: required, the path of the ONNX file relative to the manifest");
        }
        final JsonNode shaNode = root.get("sha256");
        if (shaNode == null || shaNode.isNull())
        {
            throw new IllegalArgumentException(abs + ": sha256: required, the SHA-256 of the model file (sha256sum)");
        }
        if (!shaNode.isTextual())
        {
            throw new IllegalArgumentException(abs + ": sha256: expected 64 hex digits in quotes, got '" + shaNode.asText() + "'");
        }
        final String sha = shaNode.asText();
        final Path modelPath = Path.of(model);
        final Path resolved = modelPath.isAbsolute() ? modelPath : abs.getParent().resolve(modelPath);
        return new ModelManifest(
            abs,
            resolved,
            sha,
            integer(abs, root, "id", "id", 0),
            text(abs, root, "name", null),
            text(abs, root, "input", null),
            text(abs, root, "output", null),
            integer(abs, root, "positiveClassIndex", "positiveClassIndex", DEFAULT_POSITIVE_CLASS_INDEX),
            features(abs, root.get("features")),
            heads(abs, root.get("heads")));
    }

    /** This manifest for another copy of the model file (the hash is still checked against the new file). */
    public ModelManifest withModelFile(final Path file)
    {
        return new ModelManifest(source, file, sha256, id, name, input, output, positiveClassIndex, features, heads);
    }

    /** Number of features (the model's input width). */
    public int featureCount()
    {
        return features.size();
    }

    /**
     * Reads the model file and checks it against {@link #sha256()} when the manifest pins one.
     *
     * @return the file's bytes (the session is created from exactly these bytes)
     * @throws IllegalArgumentException when the file cannot be read or its hash differs, naming both hashes
     */
    public byte[] readVerifiedModel()
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(modelFile);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read model file " + modelFile + ": " + ex.getMessage(), ex);
        }
        if (sha256 != null)
        {
            final String actual = HexFormat.of().formatHex(sha256(bytes));
            if (!actual.equals(sha256))
            {
                throw new IllegalArgumentException("model file " + modelFile + " has sha256 " + actual + " but "
                    + (source != null ? source : "the manifest") + " expects sha256 " + sha256
                    + ": refusing a model that is not the one the manifest describes");
            }
        }
        return bytes;
    }

    /**
     * Refuses a manifest naming a feature the engine cannot compute.
     *
     * @param known the engine's feature catalogue
     * @throws IllegalArgumentException naming every unknown feature, in manifest order
     */
    public void requireKnownFeatures(final Set<String> known)
    {
        final List<String> unknown = new ArrayList<>();
        for (final String f : features)
        {
            if (!known.contains(f))
            {
                unknown.add(f);
            }
        }
        if (!unknown.isEmpty())
        {
            throw new IllegalArgumentException((source != null ? source : modelFile) + ": features not in the engine's "
                + "feature catalogue: " + unknown + " (the catalogue has " + known.size() + " features: "
                + new TreeSet<>(known) + ")");
        }
    }

    /** SHA-256 of {@code bytes}. */
    public static byte[] sha256(final byte[] bytes)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    private static String defaultName(final Path modelFile)
    {
        final String file = modelFile.getFileName().toString();
        return file.toLowerCase(Locale.ROOT).endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
    }

    private static void checkKeys(final Path file, final JsonNode node, final String where, final List<String> allowed)
    {
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext())
        {
            final String key = names.next();
            if (!allowed.contains(key))
            {
                throw new IllegalArgumentException(file + ": " + (where.isEmpty() ? "" : where + ": ") + "unknown key '" + key
                    + "'; known: " + allowed);
            }
        }
    }

    private static String text(final Path file, final JsonNode node, final String key, final String where)
    {
        final JsonNode v = node.get(key);
        if (v == null || v.isNull())
        {
            return null;
        }
        if (!v.isValueNode())
        {
            throw new IllegalArgumentException(file + ": " + (where != null ? where : "") + key + ": expected a value");
        }
        return v.asText();
    }

    private static int integer(final Path file, final JsonNode node, final String key, final String path, final int fallback)
    {
        final JsonNode v = node.get(key);
        if (v == null || v.isNull())
        {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt())
        {
            throw new IllegalArgumentException(file + ": " + path + ": expected an integer, got '" + v.asText() + "'");
        }
        return v.intValue();
    }

    private static List<String> features(final Path file, final JsonNode node)
    {
        if (node == null || node.isNull())
        {
            throw new IllegalArgumentException(file + ": features: required, the feature names in model input order");
        }
        if (!node.isArray())
        {
            throw new IllegalArgumentException(file + ": features: expected a list of names");
        }
        final List<String> names = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++)
        {
            final JsonNode n = node.get(i);
            if (!n.isTextual())
            {
                throw new IllegalArgumentException(file + ": features[" + i + "]: expected a name, got '" + n + "'");
            }
            names.add(n.asText());
        }
        return names;
    }

    private static List<ModelHead> heads(final Path file, final JsonNode node)
    {
        if (node == null || node.isNull())
        {
            return List.of();
        }
        if (!node.isArray())
        {
            throw new IllegalArgumentException(file + ": heads: expected a list of {name, kind, side, output, index}");
        }
        final List<ModelHead> heads = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++)
        {
            final String where = "heads[" + i + "].";
            final JsonNode h = node.get(i);
            if (!h.isObject())
            {
                throw new IllegalArgumentException(file + ": heads[" + i + "]: expected a mapping");
            }
            checkKeys(file, h, "heads[" + i + "]", HEAD_KEYS);
            final String kind = text(file, h, "kind", where);
            try
            {
                heads.add(new ModelHead(
                    text(file, h, "name", where),
                    kind == null ? null : HeadKind.parse(kind),
                    text(file, h, "side", where),
                    text(file, h, "output", where),
                    integer(file, h, "index", where + "index", ModelHead.DEFAULT_INDEX)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ": heads[" + i + "]: " + ex.getMessage(), ex);
            }
        }
        return heads;
    }
}
