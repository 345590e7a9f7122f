package dev.observableorders.benchmark;

import dev.observableorders.support.ChildProcess;
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
import java.util.Map;

/** One variant's JVM, started and registered with a Restate server. */
final class VariantProcess implements AutoCloseable {

	private final ServiceProcess service;

	private final ChildProcess baseline;

	private VariantProcess(ServiceProcess service, ChildProcess baseline) {
		this.service = service;
		this.baseline = baseline;
	}

	/**
	 * @param sharing how many variants take turns: a service's pollers are slowed by as
	 * much ({@link ServicePollers})
	 */
	static VariantProcess start(Variant variant, RestateServer restate, int sharing) {
		if (variant.isService()) {
			List<String> settings = new ArrayList<>(List.of("--payment.simulation.decline-rate=0"));
			settings.addAll(ServicePollers.settings(sharing));
			settings.addAll(variant.settings);
			return new VariantProcess(ServiceProcess.start(restate, settings.toArray(String[]::new)), null);
		}
		int port = RestateServer.freePort();
		ChildProcess baseline = startBaseline(variant, port);
		new RestateAdmin(restate.adminUrl()).register(URI.create("http://127.0.0.1:" + port));
		return new VariantProcess(null, baseline);
	}

	private static ChildProcess startBaseline(Variant variant, int port) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		try {
			return ChildProcess.start("the " + variant + " baseline", baselineCommand(java, variant, port), Map.of(),
					Files.createTempFile("baseline-", ".log"), Duration.ofSeconds(30),
					() -> RestateServer.listening(port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> baselineCommand(String java, Variant variant, int port) {
		List<String> command = ServiceProcess.java(java);
		command.addAll(List.of(
				"-Dlogback.configurationFile=" + Path.of("target/test-classes/benchmark-logback.xml").toAbsolutePath(),
				"-cp", System.getProperty("java.class.path"), BaselineEndpoint.class.getName(),
				variant.name().equals("C") ? "bare" : "noop", String.valueOf(port)));
		return command;
	}

	long pid() {
		return (this.service != null) ? this.service.pid() : this.baseline.pid();
	}

	/** Stops its threads until {@link #thaw()}. */
	void freeze() {
		if (this.service != null) {
			this.service.freeze();
		}
		else {
			this.baseline.freeze();
		}
	}

	void thaw() {
		if (this.service != null) {
			this.service.thaw();
		}
		else {
			this.baseline.thaw();
		}
	}

	@Override
	public void close() {
		if (this.service != null) {
			this.service.close();
		}
		else {
			this.baseline.close();
		}
	}

}
