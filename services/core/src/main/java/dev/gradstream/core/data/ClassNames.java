package dev.gradstream.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** The class-name lists the loader knows, and the {@code classes.txt} format (one name per line, index = label). */
public final class ClassNames {

    /** The CMPE 597 QuickDraw subset, in label order. */
    public static final List<String> QUICKDRAW_5 = List.of("rabbit", "yoga", "hand", "snowman", "motorbike");

    /** Fashion-MNIST's official label order. */
    public static final List<String> FASHION_MNIST = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final String FILE_NAME = "classes.txt";

    private ClassNames() {
    }

    /** {@code "0".."k-1"}. */
    public static List<String> numbered(int k) {
        return IntStream.range(0, k).mapToObj(Integer::toString).toList();
    }

    public static List<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (IOException e) {
            throw new DataFormatException(file.toString(), "cannot read: " + e, e);
        }
    }

    /** Reads one name per line; surrounding blanks and trailing empty lines are ignored, an empty or repeated name is an error. */
    public static List<String> read(String source, InputStream in) {
        List<String> names = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                names.add(line.strip());
            }
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot read: " + e, e);
        }
        while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        if (names.isEmpty()) {
            throw new DataFormatException(source, "no class names");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty()) {
                throw new DataFormatException(source, "line " + (i + 1) + " is empty");
            }
            if (!seen.add(names.get(i))) {
                throw new DataFormatException(source, "class name '" + names.get(i) + "' on line " + (i + 1) + " is repeated");
            }
        }
        return List.copyOf(names);
    }
}
