package dev.trader.strategies.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Tiny ONNX models written with the {@code OnnxMl} protobuf classes (tribuo-util-onnx), so tests need no Python:
 * <ul>
 *   <li>{@link #softmax}: {@code input} float [N, F] -> Softmax(axis 1) -> {@code probabilities} float [N, F];</li>
 *   <li>{@link #zipMap}: {@code input} float [N, 2] -> Softmax -> ZipMap -> {@code output_probability}, a sequence of
 *       maps class label -> probability, plus ArgMax -> {@code output_label} int64 [N]: the shape of a skl2onnx
 *       export with its default {@code zipmap=True}.</li>
 * </ul>
 */
public final class TestModels
{
    private static final int IR_VERSION = 8;
    private static final int ONNX_OPSET = 13;
    private static final int ML_OPSET = 1;

    private TestModels()
    {
    }

    /** Softmax over {@code features} columns, output {@code probabilities}. */
    public static Path softmax(final Path dir, final int features)
    {
        final OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
            .setName("softmax")
            .addInput(tensor("input", OnnxMl.TensorProto.DataType.FLOAT, features))
            .addNode(softmaxNode("input", "probabilities"))
            .addOutput(tensor("probabilities", OnnxMl.TensorProto.DataType.FLOAT, features))
            .build();
        return write(dir.resolve("softmax" + features + ".onnx"), graph);
    }

    /**
     * A two-class logistic model: {@code probabilities = Softmax(input x W + B)} with {@code W} [F, 2] whose class-1
     * column is {@code weights} and class-0 column zero, {@code B = [0, bias]}; so
     * {@code probabilities[:, 1] = sigmoid(weights . x + bias)}, the shape of a scikit-learn LogisticRegression export
     * without ZipMap.
     */
    public static Path logistic(final Path dir, final String name, final float[] weights, final float bias)
    {
        final OnnxMl.TensorProto.Builder w = OnnxMl.TensorProto.newBuilder().setName("W")
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(weights.length).addDims(2);
        for (final float v : weights)
        {
            w.addFloatData(0f).addFloatData(v);
        }
        final OnnxMl.TensorProto b = OnnxMl.TensorProto.newBuilder().setName("B")
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(2).addFloatData(0f).addFloatData(bias).build();
        final OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
            .setName(name)
            .addInitializer(w)
            .addInitializer(b)
            .addInput(tensor("input", OnnxMl.TensorProto.DataType.FLOAT, weights.length))
            .addNode(OnnxMl.NodeProto.newBuilder().setName("matmul").setOpType("MatMul").addInput("input").addInput("W").addOutput("logits0"))
            .addNode(OnnxMl.NodeProto.newBuilder().setName("add").setOpType("Add").addInput("logits0").addInput("B").addOutput("logits"))
            .addNode(softmaxNode("logits", "probabilities"))
            .addOutput(tensor("probabilities", OnnxMl.TensorProto.DataType.FLOAT, 2))
            .build();
        return write(dir.resolve(name + ".onnx"), graph);
    }

    /**
     * A two-class model ending in a ZipMap keyed by {@code labels} (Long or String, in column order).
     */
    static Path zipMap(final Path dir, final List<?> labels)
    {
        final boolean strings = labels.get(0) instanceof String;
        final OnnxMl.AttributeProto.Builder classLabels = OnnxMl.AttributeProto.newBuilder()
            .setName(strings ? "classlabels_strings" : "classlabels_int64s")
            .setType(strings ? OnnxMl.AttributeProto.AttributeType.STRINGS : OnnxMl.AttributeProto.AttributeType.INTS);
        for (final Object label : labels)
        {
            if (strings)
            {
                classLabels.addStrings(ByteString.copyFrom((String)label, StandardCharsets.UTF_8));
            }
            else
            {
                classLabels.addInts((Long)label);
            }
        }
        final OnnxMl.TypeProto mapType = OnnxMl.TypeProto.newBuilder()
            .setMapType(OnnxMl.TypeProto.Map.newBuilder()
                .setKeyType((strings ? OnnxMl.TensorProto.DataType.STRING : OnnxMl.TensorProto.DataType.INT64).getNumber())
                .setValueType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()))))
            .build();
        final OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
            .setName("zipmap")
            .addInput(tensor("input", OnnxMl.TensorProto.DataType.FLOAT, 2))
            .addNode(softmaxNode("input", "probs"))
            .addNode(OnnxMl.NodeProto.newBuilder()
                .setName("argmax").setOpType("ArgMax").addInput("probs").addOutput("output_label")
                .addAttribute(intAttribute("axis", 1))
                .addAttribute(intAttribute("keepdims", 0)))
            .addNode(OnnxMl.NodeProto.newBuilder()
                .setName("zipmap").setOpType("ZipMap").setDomain("ai.onnx.ml").addInput("probs").addOutput("output_probability")
                .addAttribute(classLabels))
            .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("output_label").setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                    .setShape(OnnxMl.TensorShapeProto.newBuilder()
                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))))))
            .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("output_probability").setType(OnnxMl.TypeProto.newBuilder()
                .setSequenceType(OnnxMl.TypeProto.Sequence.newBuilder().setElemType(mapType))))
            .build();
        return write(dir.resolve("zipmap-" + (strings ? "strings" : "int64") + ".onnx"), graph);
    }

    /** SHA-256 of a file as 64 hex digits (for manifests). */
    public static String sha256(final Path file)
    {
        try
        {
            return HexFormat.of().formatHex(ModelManifest.sha256(Files.readAllBytes(file)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static OnnxMl.NodeProto.Builder softmaxNode(final String in, final String out)
    {
        return OnnxMl.NodeProto.newBuilder().setName("softmax").setOpType("Softmax").addInput(in).addOutput(out)
            .addAttribute(intAttribute("axis", 1));
    }

    private static OnnxMl.AttributeProto intAttribute(final String name, final long value)
    {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static OnnxMl.ValueInfoProto tensor(final String name, final OnnxMl.TensorProto.DataType type, final int columns)
    {
        return OnnxMl.ValueInfoProto.newBuilder()
            .setName(name)
            .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(type.getNumber())
                .setShape(OnnxMl.TensorShapeProto.newBuilder()
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                    .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(columns)))))
            .build();
    }

    private static Path write(final Path file, final OnnxMl.GraphProto graph)
    {
        final OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("trader-tests")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(ONNX_OPSET))
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(ML_OPSET))
            .setGraph(graph)
            .build();
        try
        {
            Files.write(file, model.toByteArray());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return file;
    }
}
