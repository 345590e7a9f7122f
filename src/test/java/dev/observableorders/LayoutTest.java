package dev.observableorders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rooms of main stay livable (issue 40): the platform glue in {@code restate} knows
 * nothing of orders, its subpackages are each a size one reads, and no two packages
 * import each other, directly or round a loop. Read from the sources' imports, which is
 * how a cross-package reference is written here.
 */
class LayoutTest {

	private static final Path MAIN = Path.of("src/main/java");

	private static final String ROOT = "dev.observableorders";

	private static final Pattern IMPORT = Pattern
		.compile("^import (?:static )?" + Pattern.quote(ROOT) + "\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);

	@Test
	void thePlatformGlueImportsNothingOfTheOrders() {
		Map<String, Set<String>> imports = packageImports();
		imports.forEach((from, to) -> {
			if (from.startsWith("restate")) {
				assertThat(to).as("what %s imports", from).allMatch((target) -> target.startsWith("restate."));
			}
		});
	}

	@Test
	void everyRestateSubpackageStaysUnder800Lines() {
		Map<String, Long> lines = new TreeMap<>();
		sources().forEach((file) -> {
			String pkg = packageOf(file);
			if (pkg.startsWith("restate")) {
				lines.merge(pkg, (long) read(file).lines().count(), Long::sum);
			}
		});
		assertThat(lines).as("restate's subpackages").doesNotContainKey("restate").hasSizeGreaterThan(3);
		assertThat(lines).allSatisfy((pkg, count) -> assertThat(count).as(pkg).isLessThan(800));
	}

	@Test
	void noPackageDependsOnItselfRoundALoop() {
		Map<String, Set<String>> imports = packageImports();
		List<String> loops = new ArrayList<>();
		for (String start : imports.keySet()) {
			List<String> loop = loopFrom(start, start, imports, new ArrayList<>(List.of(start)), new TreeSet<>());
			if (loop != null) {
				loops.add(String.join(" -> ", loop));
			}
		}
		assertThat(loops).isEmpty();
	}

	private static List<String> loopFrom(String start, String at, Map<String, Set<String>> imports, List<String> path,
			Set<String> seen) {
		for (String next : imports.getOrDefault(at, Set.of())) {
			if (next.equals(start)) {
				List<String> loop = new ArrayList<>(path);
				loop.add(next);
				return loop;
			}
			if (seen.add(next)) {
				path.add(next);
				List<String> loop = loopFrom(start, next, imports, path, seen);
				if (loop != null) {
					return loop;
				}
				path.remove(path.size() - 1);
			}
		}
		return null;
	}

	/** Package (below {@code dev.observableorders}) to the packages its files import. */
	private static Map<String, Set<String>> packageImports() {
		Map<String, Set<String>> imports = new TreeMap<>();
		sources().forEach((file) -> {
			String from = packageOf(file);
			Matcher target = IMPORT.matcher(read(file));
			Set<String> to = imports.computeIfAbsent(from, (key) -> new TreeSet<>());
			while (target.find()) {
				if (!target.group(1).equals(from)) {
					to.add(target.group(1));
				}
			}
		});
		assertThat(imports).as("packages read").containsKeys("order", "restate.endpoint");
		return imports;
	}

	private static String packageOf(Path file) {
		String relative = MAIN.relativize(file.getParent()).toString().replace('/', '.');
		return relative.equals(ROOT) ? "" : relative.substring(ROOT.length() + 1);
	}

	private static List<Path> sources() {
		try (Stream<Path> files = Files.walk(MAIN.resolve(ROOT.replace('.', '/')))) {
			return files.filter((file) -> file.toString().endsWith(".java")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
