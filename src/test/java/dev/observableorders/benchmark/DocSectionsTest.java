package dev.observableorders.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DocSectionsTest {

	private static final String BENCHMARK = "# Benchmarks\n\nthe run\n\n## Every round\n\n| a |\n";

	@Test
	void theStartupSectionIsAppendedOnceThenReplacedInPlace() {
		String first = DocSections.replace(BENCHMARK, DocSections.STARTUP, "## Start-up\n\nold table\n");
		String second = DocSections.replace(first, DocSections.STARTUP, "## Start-up\n\nnew table\n");

		assertThat(first).isEqualTo(BENCHMARK.stripTrailing() + "\n\n## Start-up\n\nold table\n");
		assertThat(second).isEqualTo(BENCHMARK.stripTrailing() + "\n\n## Start-up\n\nnew table\n");
	}

	@Test
	void aSectionEndsAtTheNextHeadingSoTheRestOfTheFileStays() {
		String text = "# B\n\n## Start-up\n\nprose\n\n## Later\n\nkept\n";

		assertThat(DocSections.section(text, DocSections.STARTUP)).isEqualTo("## Start-up\n\nprose\n\n");
		assertThat(DocSections.replace(text, DocSections.STARTUP, "## Start-up\n\nnew\n\n"))
			.isEqualTo("# B\n\n## Start-up\n\nnew\n\n## Later\n\nkept\n");
		assertThat(DocSections.section("# B\n", DocSections.STARTUP)).isEmpty();
	}

}
