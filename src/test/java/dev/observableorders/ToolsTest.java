package dev.observableorders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The scripts in {@code tools/} run our tools with {@code java} directly: a mistake in
 * their options is answered in the tool's own words and with its documented exit status
 * (2), with no Maven banner, stack trace or BUILD FAILURE around it. The scripts are
 * given this JVM's classpath, so nothing is built.
 */
class ToolsTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
							traffic        | --orders abc     | traffic: --orders needs a number, got 'abc'
							benchmark      | --rounds many    | benchmark: --rounds needs a whole number, got 'many'
							benchmark      | --variants a,z   | benchmark: --variants takes letters a to e, e.g. a,b,c; got a,z
							page-benchmark | --history 10,abc | page-benchmark: --history takes counts like 100,10000; got 10,abc
							soak           | --rate many      | soak: --rate needs a number, got 'many'
							soak           | --drain 5x       | soak: durations are whole seconds or minutes, e.g. 90s or 10m; got 5x
							traffic        | --url localhost:8080 | traffic: --url needs an http:// or https:// address with a host, e.g. http://localhost:8080; got 'localhost:8080'
					traffic        | --bogus          | traffic: Unknown option '--bogus'; see --help
					page-benchmark | --bogus          | page-benchmark: Unknown option '--bogus'; options (defaults): --history 100,1000,10000,100000 --requests 200 --output target/page-benchmark.md (--write-docs: docs/page-benchmark.md)
					soak           | --bogus          | soak: unknown option '--bogus'; options (defaults): --duration 10m --seed (random, printed) --rate 10 --drain (60s below 10m, 3m from 10m) --output target/soak.md (--write-docs: docs/soak.md)
					cluster        | --bogus          | cluster: unknown option '--bogus': replica settings are --name=value (tools/cluster --help)
							""")
	void aBadOptionIsOneLineInTheToolsWordsWithExitStatus2(String tool, String options, String message)
			throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of("tools", tool).toString()));
		command.addAll(List.of(options.split(" ")));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("TOOLS_CLASSPATH", System.getProperty("java.class.path"));
		Process process = builder.start();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(2);
		assertThat(stderr.lines().findFirst()).hasValue(message);
		assertThat(stderr.lines().count()).as(stderr).isLessThanOrEqualTo(2);
		assertThat(stderr + stdout).doesNotContain("[ERROR]", "BUILD FAILURE", "Exception", "\tat ");
	}

	@ParameterizedTest
	@CsvSource({ "traffic", "benchmark", "page-benchmark", "soak", "cluster" })
	void helpNamesTheOptionsAndStartsNothing(String tool) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(Path.of("tools", tool).toString(), "--help");
		builder.environment().put("TOOLS_CLASSPATH", System.getProperty("java.class.path"));
		Process process = builder.redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		assertThat(output).as("help, then nothing started").contains("--").doesNotContain("@timestamp", " s] ");
	}

}
