package dev.trader.strategies.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading and checking model manifests (no ONNX Runtime involved). */
class ModelManifestTest
{
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path tmp;

    @Test
    void shouldResolveModelRelativeToManifestAndApplyDefaults() throws IOException
    {
        Files.createDirectories(tmp.resolve("models"));
        final Path file = write("models/direction.yaml", "model: ../onnx/direction.onnx\nsha256: " + SHA + "\nfeatures: [a, b]\n");
        final ModelManifest m = ModelManifest.load(file);
        assertEquals(tmp.resolve("onnx/direction.onnx").toAbsolutePath().normalize(), m.modelFile());
        assertEquals("direction", m.name());
        assertEquals(0, m.id());
        assertNull(m.input());
        assertNull(m.output());
        assertEquals(1, m.positiveClassIndex());
        assertEquals(List.of(ModelHead.defaultProbability()), m.heads());
        assertEquals(List.of("a", "b"), m.features());
    }

    @Test
    void shouldReadEveryHeadKind() throws IOException
    {
        final Path file = write("pm.yaml", String.join("\n",
            "model: pm.onnx",
            "sha256: " + SHA.toUpperCase(),
            "id: 3",
            "features: [a]",
            "heads:",
            "  - { name: direction, kind: direction, output: direction, index: 0 }",
            "  - { name: entry_long, kind: entry, side: long, output: entry, index: 0 }",
            "  - { name: entry_short, kind: Entry, side: SHORT, output: entry, index: 1 }",
            "  - { name: cont_long, kind: continue, side: long, output: cont }",
            "  - { name: risk, kind: risk, output: risk }",
            "  - { name: edge_long, kind: value, output: edge }",
            ""));
        final ModelManifest m = ModelManifest.load(file);
        assertEquals(SHA, m.sha256());
        assertEquals(6, m.heads().size());
        assertEquals(HeadKind.DIRECTION, m.heads().get(0).kind());
        assertEquals("short", m.heads().get(2).side());
        assertEquals(ModelHead.DEFAULT_INDEX, m.heads().get(3).index());
        assertEquals("direction.neutral", m.heads().get(0).label(2));
    }

    @Test
    void shouldRefuseUnknownKeysWithTheirPath() throws IOException
    {
        final Path top = write("a.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a]\nfeature_order: [a]\n");
        assertMessage(top, "unknown key 'feature_order'");
        final Path head = write("b.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a]\nheads: [{name: p, kind: risk, column: 1}]\n");
        assertMessage(head, "heads[0]: unknown key 'column'");
    }

    @Test
    void shouldRefuseIncompleteOrInconsistentManifests() throws IOException
    {
        assertMessage(write("c.yaml", "model: m.onnx\nfeatures: [a]\n"), "sha256: required");
        assertMessage(write("d.yaml", "sha256: " + SHA + "\nfeatures: [a]\n"), "model: required");
        assertMessage(write("e.yaml", "model: m.onnx\nsha256: " + SHA + "\n"), "features: required");
        assertMessage(write("f.yaml", "model: m.onnx\nsha256: 1234\nfeatures: [a]\n"), "expected 64 hex digits");
        assertMessage(write("g.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a, b, a]\n"), "features[2]: 'a' appears twice");
        assertMessage(write("h.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a]\nheads: [{name: e, kind: entry}]\n"),
            "needs side: long or short");
        assertMessage(write("i.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a]\nheads: [{name: e, kind: edge}]\n"),
            "unknown head kind 'edge'");
        assertMessage(write("j.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a]\nheads: [{name: r, kind: risk, side: long}]\n"),
            "side applies to entry and continue heads only");
        assertMessage(write("k.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a]\nid: one\n"), "id: expected an integer");
        assertMessage(write("l.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a]\nheads: [{name: r, kind: risk}, {name: r, kind: value}]\n"),
            "name 'r' appears twice");
    }

    @Test
    void shouldNameBothHashesWhenModelFileDiffers() throws IOException
    {
        Files.write(tmp.resolve("m.onnx"), new byte[]{1, 2, 3});
        final ModelManifest m = ModelManifest.load(write("m.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [a]\n"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, m::readVerifiedModel);
        final String actual = TestModels.sha256(tmp.resolve("m.onnx"));
        assertTrue(ex.getMessage().contains("has sha256 " + actual), ex.getMessage());
        assertTrue(ex.getMessage().contains("expects sha256 " + SHA), ex.getMessage());
        final ModelManifest right = ModelManifest.load(write("n.yaml", "model: m.onnx\nsha256: " + actual + "\nfeatures: [a]\n"));
        assertArrayEquals(new byte[]{1, 2, 3}, right.readVerifiedModel());
    }

    @Test
    void shouldListEveryUnknownFeatureInManifestOrder() throws IOException
    {
        final ModelManifest m = ModelManifest.load(write("o.yaml", "model: m.onnx\nsha256: " + SHA + "\nfeatures: [z, a, y]\n"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> m.requireKnownFeatures(Set.of("a")));
        assertTrue(ex.getMessage().contains("[z, y]"), ex.getMessage());
        m.requireKnownFeatures(Set.of("a", "y", "z"));
    }

    private Path write(final String name, final String text) throws IOException
    {
        final Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static void assertMessage(final Path manifest, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ModelManifest.load(manifest));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
        assertTrue(ex.getMessage().contains(manifest.getFileName().toString()), ex.getMessage());
    }
}
