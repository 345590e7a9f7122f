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
					traffic        | --orders abc         | traffic: Invalid value for option '--orders': 'abc' is not a long
					traffic        | --url localhost:8080 | traffic: Invalid value for option '--url': 'localhost:8080' is not an http:// or https:// address with a host, e.g. http://localhost:8080
					traffic        | --bogus              | traffic: Unknown option: '--bogus'
					benchmark      | --rounds many        | benchmark: Invalid value for option '--rounds': 'many' is not an int
					benchmark      | --variants a,z       | benchmark: --variants takes letters a to e and r, e.g. a,b,c; got a,z
					benchmark      | --bogus 1            | benchmark: Unknown options: '--bogus', '1'
					page-benchmark | --history 10,abc     | page-benchmark: --history takes counts like 100,10000; got 10,abc
					page-benchmark | --bogus              | page-benchmark: Unknown option: '--bogus'
					soak           | --rate many          | soak: Invalid value for option '--rate': 'many' is not a double
					soak           | --drain 5x           | soak: Invalid value for option '--drain': '5x' is not a duration; write e.g. 500ms, 30s, 2m or 1h
					soak           | --bogus              | soak: Unknown option: '--bogus'
					cluster        | --bogus              | cluster: Unknown option: '--bogus' (service settings are --name=value)
					run            | --bogus              | run: Unknown option: '--bogus' (service settings are --name=value)
					rollout        | --bogus              | rollout: Unknown option: '--bogus'
					startup-benchmark | --launches jar,warp | startup-benchmark: --launches takes jar, launcher, cds, aot and cds-niced, e.g. jar,cds; got jar,warp
					startup-benchmark | --rounds 0        | startup-benchmark: --rounds and --rate must be at least 1
					images         | --bogus              | images: unknown option --bogus (--help for the options)
					container-smoke | --bogus             | container-smoke: unknown option --bogus (--help for the options)
					rollout        | --retire --jar x.jar | rollout: give --jar FILE (a new build) or --retire, one of them
					rollout        | --jar pom.xml        | rollout: --jar pom.xml is not a jar file
					rollout        | --retire --data target/no-cluster | rollout: no cluster runs from %s/target/no-cluster: start tools/cluster first
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
		assertThat(stderr.lines().findFirst()).hasValue(message.formatted(Path.of("").toAbsolutePath()));
		assertThat(stderr.lines().count()).as(stderr).isLessThanOrEqualTo(2);
		assertThat(stderr + stdout).doesNotContain("[ERROR]", "BUILD FAILURE", "Exception", "\tat ");
	}

	@ParameterizedTest
	@CsvSource({ "traffic", "benchmark", "page-benchmark", "soak", "cluster", "run", "rollout", "startup-benchmark",
			"images", "container-smoke" })
	void helpNamesTheOptionsAndStartsNothing(String tool) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(Path.of("tools", tool).toString(), "--help");
		builder.environment().put("TOOLS_CLASSPATH", System.getProperty("java.class.path"));
		Process process = builder.redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		assertThat(output).as("help, then nothing started")
			.contains("--")
			.doesNotContain("@timestamp", " s] ", "set -e");
	}

	@ParameterizedTest
	@CsvSource({ "run", "cluster" })
	void aMissingRestateServerIsOneLineSayingHowToGetIt(String tool) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(Path.of("tools", tool).toString());
		builder.environment().put("TOOLS_CLASSPATH", System.getProperty("java.class.path"));
		builder.environment().put("JAVA_TOOL_OPTIONS", "-Drestate.server.binary=/nonexistent/restate-server");
		Process process = builder.start();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(1);
		// the JVM's own note about JAVA_TOOL_OPTIONS aside
		assertThat(stderr.lines().filter((line) -> !line.startsWith("Picked up JAVA_TOOL_OPTIONS"))).singleElement()
			.asString()
			.startsWith(
					tool + ": No Restate server at /nonexistent/restate-server: run `npm ci --prefix config/restate`");
		assertThat(stderr + stdout).doesNotContain("Exception", "\tat ", "@timestamp");
	}

}
