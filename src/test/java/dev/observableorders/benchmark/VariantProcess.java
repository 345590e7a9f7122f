package dev.observableorders.benchmark;

import static org.awaitility.Awaitility.await;

import dev.observableorders.support.RestateAdmin;
import dev.observableorders.support.RestateServer;
import dev.observableorders.support.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One variant's JVM, started and registered with a Restate server. */
final class VariantProcess implements AutoCloseable {

	private final ServiceProcess service;

	private final Process baseline;

	private VariantProcess(ServiceProcess service, Process baseline) {
		this.service = service;
		this.baseline = baseline;
	}

	static VariantProcess start(Variant variant, RestateServer restate) {
		if (variant.isService()) {
			List<String> settings = new ArrayList<>(List.of("--payment.simulation.decline-rate=0"));
			settings.addAll(variant.settings);
			return new VariantProcess(ServiceProcess.start(restate, settings.toArray(String[]::new)), null);
		}
		int port = RestateServer.freePort();
		Process process = launchBaseline(variant, port);
		await("baseline endpoint listening").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.failFast("The " + variant + " baseline exited", () -> !process.isAlive())
			.until(() -> RestateServer.listening(port));
		new RestateAdmin(restate.adminUrl()).register(URI.create("http://127.0.0.1:" + port));
		return new VariantProcess(null, process);
	}

	private static Process launchBaseline(Variant variant, int port) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		try {
			Path log = Files.createTempFile("baseline-", ".log");
			return new ProcessBuilder(java, ServiceProcess.HEAP,
					"-Dlogback.configurationFile="
							+ Path.of("target/test-classes/benchmark-logback.xml").toAbsolutePath(),
					"-cp", System.getProperty("java.class.path"), BaselineEndpoint.class.getName(),
					variant.name().equals("C") ? "bare" : "noop", String.valueOf(port))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	long pid() {
		return (this.service != null) ? this.service.pid() : this.baseline.pid();
	}

	@Override
	public void close() {
		if (this.service != null) {
			this.service.close();
		}
		else {
			this.baseline.destroy();
			this.baseline.onExit().join();
		}
	}

}
