package dev.gradstream.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Loads a data set into train, validation and test {@link Samples}. Three sources:
 * <ul>
 *   <li>{@code null}: the bundled default, {@value #BUNDLED_NAME}: the 5,000 QuickDraw images (1,000 per class)
 *       shipped as classpath resources. They are split stratified into test (20%, always with the fixed seed
 *       {@value #BUNDLED_TEST_SEED}, so the test set never changes) and the rest; the rest is split into train
 *       and validation by {@code validationFraction} with {@code seed}: 3,200 / 800 / 1,000 at 0.2.</li>
 *   <li>a folder with {@code train_images.npy, train_labels.npy, test_images.npy, test_labels.npy} (the
 *       assignment's layout). Class names: {@code classes.txt} if present, else the QuickDraw names when there
 *       are exactly 5 classes, else {@code "0".."K-1"}, where K is the largest label + 1.</li>
 *   <li>a folder with the MNIST IDX files {@code train-images-idx3-ubyte, train-labels-idx1-ubyte,
 *       t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte}, each raw or {@code .gz} (the raw file wins if both
 *       exist). Class names: Fashion-MNIST's if the folder name contains "fashion", else {@code classes.txt},
 *       else the digits {@code "0".."9"}.</li>
 * </ul>
 * In the folder layouts the test set is the given one and validation is a stratified split of train
 * ({@link StratifiedSplit}) with {@code seed}. The name is the folder's name. Pixels are scaled as
 * {@link LabelledImages} says. The fingerprint is the SHA-256 (hex) over the images and labels as read, before
 * splitting: train then test for folders, the 5,000 for the bundled set (see {@link LabelledImages#digest}).
 * Every problem with the files is a {@link DataFormatException} naming the file and the value.
 */
public final class DataSets {

    public static final String BUNDLED_NAME = "quickdraw-5";
    public static final double DEFAULT_VALIDATION_FRACTION = 0.2;
    /** The bundled set's test fraction and the fixed seed of that split. */
    public static final double BUNDLED_TEST_FRACTION = 0.2;
    public static final long BUNDLED_TEST_SEED = 597L;

    static final String BUNDLED_RESOURCES = "/dev/gradstream/core/data/quickdraw5/";
    static final List<String> NPY_FILES = List.of("train_images.npy", "train_labels.npy", "test_images.npy",
            "test_labels.npy");
    static final List<String> IDX_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private DataSets() {
    }

    /**
     * @param dirOrNull a data folder, or null for the bundled default
     * @param validationFraction share of the training samples (per class) held out for validation, in [0, 1)
     * @param seed seeds the train/validation split; the same seed gives the same split
     */
    public static DataSplits load(Path dirOrNull, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " is outside [0, 1)");
        }
        if (dirOrNull == null) {
            return loadBundled(validationFraction, seed);
        }
        Path dir = dirOrNull.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dirOrNull.toString(), "not a directory");
        }
        if (NPY_FILES.stream().anyMatch(f -> Files.exists(dir.resolve(f)))) {
            return loadNpy(dir, validationFraction, seed);
        }
        if (IDX_FILES.stream().anyMatch(f -> Files.exists(dir.resolve(f)) || Files.exists(dir.resolve(f + ".gz")))) {
            return loadIdx(dir, validationFraction, seed);
        }
        throw new DataFormatException(dir.toString(), "no data set found; expected either " + String.join(", ", NPY_FILES)
                + " or " + String.join(", ", IDX_FILES) + " (each optionally .gz)");
    }

    private static DataSplits loadNpy(Path dir, double validationFraction, long seed) {
        List<Path> files = NPY_FILES.stream().map(dir::resolve).toList();
        requirePresent(dir, files);
        LabelledImages train = LabelledImages.of(NpyReader.read(files.get(0)), NpyReader.read(files.get(1)));
        LabelledImages test = LabelledImages.of(NpyReader.read(files.get(2)), NpyReader.read(files.get(3)));
        Path classesFile = dir.resolve(ClassNames.FILE_NAME);
        List<String> names;
        if (Files.exists(classesFile)) {
            names = ClassNames.read(classesFile);
        } else {
            int k = Math.max(train.maxLabel(), test.maxLabel()) + 1;
            names = k == ClassNames.QUICKDRAW_5.size() ? ClassNames.QUICKDRAW_5 : ClassNames.numbered(k);
        }
        return splitTrain(dir.getFileName().toString(), names, train, test, validationFraction, seed);
    }

    private static DataSplits loadIdx(Path dir, double validationFraction, long seed) {
        List<Path> files = new ArrayList<>();
        for (String f : IDX_FILES) {
            Path raw = dir.resolve(f);
            files.add(Files.exists(raw) || !Files.exists(dir.resolve(f + ".gz")) ? raw : dir.resolve(f + ".gz"));
        }
        requirePresent(dir, files);
        LabelledImages train = LabelledImages.of(IdxReader.read(files.get(0)), IdxReader.read(files.get(1)));
        LabelledImages test = LabelledImages.of(IdxReader.read(files.get(2)), IdxReader.read(files.get(3)));
        String name = dir.getFileName().toString();
        Path classesFile = dir.resolve(ClassNames.FILE_NAME);
        List<String> names = name.toLowerCase(Locale.ROOT).contains("fashion") ? ClassNames.FASHION_MNIST
                : Files.exists(classesFile) ? ClassNames.read(classesFile) : ClassNames.numbered(10);
        return splitTrain(name, names, train, test, validationFraction, seed);
    }

    private static DataSplits splitTrain(String name, List<String> names, LabelledImages train, LabelledImages test,
                                         double validationFraction, long seed) {
        if (train.features() != test.features()) {
            throw new DataFormatException(test.images().source(), "images have shape " + test.images().shapeText()
                    + " (" + test.features() + " features) but " + train.images().source() + " has "
                    + train.images().shapeText() + " (" + train.features() + " features)");
        }
        train.checkLabels(names);
        test.checkLabels(names);
        String fingerprint = fingerprint(train, test);
        StratifiedSplit.Parts parts = StratifiedSplit.split(train.labels(), IntStream.range(0, train.count()).toArray(),
                names.size(), validationFraction, new SplittableRandom(seed));
        return new DataSplits(name, names, fingerprint, train.select(parts.kept()), train.select(parts.heldOut()),
                test.select(IntStream.range(0, test.count()).toArray()));
    }

    private static DataSplits loadBundled(double validationFraction, long seed) {
        List<String> names;
        LabelledImages all;
        try (InputStream classes = resource("classes.txt");
             InputStream images = resource("test-images-idx3-ubyte.gz");
             InputStream labels = resource("test-labels-idx1-ubyte.gz")) {
            names = ClassNames.read(BUNDLED_RESOURCES + "classes.txt", classes);
            all = LabelledImages.of(IdxReader.read(BUNDLED_RESOURCES + "test-images-idx3-ubyte.gz", images, -1),
                    IdxReader.read(BUNDLED_RESOURCES + "test-labels-idx1-ubyte.gz", labels, -1));
        } catch (IOException e) {
            throw new DataFormatException(BUNDLED_RESOURCES, "cannot read: " + e, e);
        }
        all.checkLabels(names);
        String fingerprint = fingerprint(all);
        StratifiedSplit.Parts testSplit = StratifiedSplit.split(all.labels(), IntStream.range(0, all.count()).toArray(),
                names.size(), BUNDLED_TEST_FRACTION, new SplittableRandom(BUNDLED_TEST_SEED));
        StratifiedSplit.Parts trainSplit = StratifiedSplit.split(all.labels(), testSplit.kept(), names.size(),
                validationFraction, new SplittableRandom(seed));
        return new DataSplits(BUNDLED_NAME, names, fingerprint, all.select(trainSplit.kept()),
                all.select(trainSplit.heldOut()), all.select(testSplit.heldOut()));
    }

    private static InputStream resource(String name) {
        InputStream in = DataSets.class.getResourceAsStream(BUNDLED_RESOURCES + name);
        if (in == null) {
            throw new DataFormatException(BUNDLED_RESOURCES + name, "missing from the classpath");
        }
        return in;
    }

    private static void requirePresent(Path dir, List<Path> files) {
        List<String> missing = files.stream().filter(f -> !Files.isRegularFile(f))
                .map(f -> f.getFileName().toString()).toList();
        if (!missing.isEmpty()) {
            throw new DataFormatException(dir.toString(), "missing " + String.join(", ", missing) + " (expected "
                    + String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList()) + ")");
        }
    }

    private static String fingerprint(LabelledImages... sets) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (LabelledImages set : sets) {
                set.digest(md);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
