package dev.observableorders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs stay a size a person reads (issue 38), and every link between them, and from
 * the alert rules to the runbooks, lands on a file and heading that exist.
 */
class DocsTest {

	private static final Path DOCS = Path.of("docs");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*\\.md)?(?:#([^)\\s]+))?\\)");

	/** A test class named in backticks: {@code `SeedContractIT`}. */
	private static final Pattern TEST_NAME = Pattern.compile("`([A-Z][a-z]\\w*(?:Test|IT))`");

	private static final Pattern RUNBOOK = Pattern.compile("runbook: (docs/[\\w-]+\\.md)#([\\w-]+)");

	@Test
	void theDocsTogetherStayUnder100KbAndTheAnalysisUnder20() throws IOException {
		long total = markdown().stream().mapToLong(DocsTest::size).sum();
		assertThat(total).as("bytes of markdown in docs/").isLessThan(100_000);
		assertThat(size(DOCS.resolve("benchmark-analysis.md"))).isLessThan(20_000);
	}

	@Test
	void everyLinkBetweenTheDocsLandsOnAFileAndHeadingThatExist() throws IOException {
		List<Path> files = new ArrayList<>(markdown());
		files.add(Path.of("README.md"));
		List<String> broken = new ArrayList<>();
		for (Path file : files) {
			Matcher link = LINK.matcher(Files.readString(file));
			while (link.find()) {
				if (link.group(1) == null && link.group(2) == null) {
					continue;
				}
				Path target = (link.group(1) == null) ? file : file.resolveSibling(link.group(1)).normalize();
				if (!lands(target, link.group(2))) {
					broken.add(file + ": " + link.group());
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@Test
	void everyAlertsRunbookIsAHeadingOfTheRunbooks() throws IOException {
		List<String> broken = new ArrayList<>();
		try (Stream<Path> rules = Files.list(Path.of("config/prometheus/rules"))) {
			for (Path file : rules.toList()) {
				Matcher runbook = RUNBOOK.matcher(Files.readString(file));
				while (runbook.find()) {
					if (!lands(Path.of(runbook.group(1)), runbook.group(2))) {
						broken.add(file + ": " + runbook.group());
					}
				}
			}
		}
		assertThat(broken).isEmpty();
	}

	@Test
	void everyTestTheDocsNameExists() throws IOException {
		Set<String> tests;
		try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
			tests = files.map((file) -> file.getFileName().toString().replaceFirst("\\.java$", ""))
				.collect(Collectors.toSet());
		}
		List<String> missing = new ArrayList<>();
		List<Path> files = new ArrayList<>(markdown());
		files.add(Path.of("README.md"));
		for (Path file : files) {
			Matcher named = TEST_NAME.matcher(Files.readString(file));
			while (named.find()) {
				if (!tests.contains(named.group(1))) {
					missing.add(file + ": " + named.group(1));
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	private static boolean lands(Path file, String anchor) throws IOException {
		if (!Files.isRegularFile(file)) {
			return false;
		}
		return anchor == null || Files.readAllLines(file)
			.stream()
			.filter((line) -> line.startsWith("#"))
			.map(DocsTest::anchor)
			.anyMatch(anchor::equals);
	}

	/**
	 * GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes.
	 */
	static String anchor(String heading) {
		return heading.replaceFirst("^#+\\s*", "")
			.strip()
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^\\p{L}\\p{N} _-]", "")
			.replace(' ', '-');
	}

	private static List<Path> markdown() throws IOException {
		try (Stream<Path> files = Files.list(DOCS)) {
			return files.filter((file) -> file.toString().endsWith(".md")).sorted().toList();
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
