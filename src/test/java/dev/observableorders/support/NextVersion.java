package dev.observableorders.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A second version of the service as a team would ship it: this build's
 * {@code OrderService} source with one more named durable step before the payment,
 * compiled against this build's classes and libraries and put into a copy of its jar. An
 * order that started on this version and replays on that one finds a step in its journal
 * where the new code takes another: Restate's journal mismatch (570). The rollout test
 * and the by-hand rollout (docs/operations.md) run it.
 */
public final class NextVersion {

	static final Path SOURCE = Path.of("src/main/java/dev/observableorders/order/OrderService.java");

	/** Where the new step goes: just before the payment step, in {@code processOrder}. */
	static final String BEFORE = "\t\tPaymentStep payment;\n";

	private static final String CLASSES = "BOOT-INF/classes/dev/observableorders/order/";

	private NextVersion() {
	}

	/**
	 * Builds it into {@code folder}.
	 * @param step the new step's name
	 * @return the new jar
	 * @throws IllegalStateException when the source no longer has the line the step goes
	 * before, or it does not compile: the fixture must follow the handler
	 */
	public static Path withStepBeforePayment(Path jar, String step, Path folder) {
		try {
			String source = Files.readString(SOURCE);
			if (source.indexOf(BEFORE) < 0 || source.indexOf(BEFORE) != source.lastIndexOf(BEFORE)) {
				throw new IllegalStateException(SOURCE + " no longer has the one line `" + BEFORE.strip()
						+ "` the next version's step goes before: update NextVersion");
			}
			Path sources = folder.resolve("src/dev/observableorders/order");
			Files.createDirectories(sources);
			Files.writeString(sources.resolve("OrderService.java"),
					source.replace(BEFORE, "\t\tsteps.now(\"" + step + "\");\n" + BEFORE));
			Path layout = folder.resolve("layout");
			extract(jar, layout);
			Path classes = folder.resolve("classes");
			Files.createDirectories(classes);
			compile(sources.resolve("OrderService.java"), classpath(layout), classes);
			Path next = folder.resolve("observable-orders-" + step + ".jar");
			Files.copy(jar, next, StandardCopyOption.REPLACE_EXISTING);
			// the zip file system rewrites only the replaced entries: the nested jars
			// stay
			// stored, as Boot's loader needs them
			try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + next.toUri()), Map.of());
					Stream<Path> compiled = Files.list(classes.resolve("dev/observableorders/order"))) {
				for (Path file : compiled.toList()) {
					Files.copy(file, zip.getPath(CLASSES + file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			return next;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void extract(Path jar, Path layout) throws IOException {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", layout.toString())
			.redirectErrorStream(true)
			.start();
		try {
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("Extracting " + jar + " failed: " + output.strip());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The extracted application jar and every library beside it. */
	private static String classpath(Path layout) throws IOException {
		List<String> entries = new ArrayList<>();
		try (Stream<Path> top = Files.list(layout); Stream<Path> libraries = Files.list(layout.resolve("lib"))) {
			top.filter((path) -> path.toString().endsWith(".jar")).forEach((path) -> entries.add(path.toString()));
			libraries.forEach((path) -> entries.add(path.toString()));
		}
		return String.join(java.io.File.pathSeparator, entries);
	}

	/**
	 * Without annotation processing: the handler's signatures did not change, so the
	 * service definition Restate's processor generated for this build still fits.
	 */
	private static void compile(Path source, String classpath, Path classes) {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		StringWriter errors = new StringWriter();
		boolean compiled = javac
			.getTask(errors, null, null,
					List.of("--release", "17", "-parameters", "-proc:none", "-classpath", classpath, "-d",
							classes.toString()),
					null, javac.getStandardFileManager(null, null, null).getJavaFileObjects(source))
			.call();
		if (!compiled) {
			throw new IllegalStateException("The next version does not compile: " + errors);
		}
	}

	/** {@code NextVersion JAR STEP FOLDER}: builds it for a by-hand rollout. */
	public static void main(String[] args) {
		if (args.length != 3) {
			System.err.println("usage: NextVersion JAR STEP FOLDER");
			System.exit(2);
		}
		System.out.println(withStepBeforePayment(Path.of(args[0]), args[1], Path.of(args[2])));
	}

}
