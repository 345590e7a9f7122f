package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * HAProxy running {@code config/haproxy/ingress-auth.cfg} in front of a Restate ingress:
 * the documented way to expose the ingress beyond the host, with bearer tokens from a
 * secret file.
 */
public final class AuthenticatedIngress implements AutoCloseable {

	public static final Path CONFIG = Path.of("config/haproxy/ingress-auth.cfg").toAbsolutePath();

	private final int port;

	private final Path log;

	private final ChildProcess process;

	private AuthenticatedIngress(URI upstream, List<String> tokens) {
		this.port = RestateServer.freePort();
		Path tokenFile;
		try {
			Path secrets = Files.createTempDirectory("ingress-auth-");
			tokenFile = secrets.resolve("tokens");
			Files.writeString(tokenFile, "# the callers' tokens, one per line\n" + String.join("\n", tokens) + "\n");
			this.log = secrets.resolve("haproxy.log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> env = Map.of("INGRESS_AUTH_BIND", "127.0.0.1:" + this.port, "INGRESS_AUTH_TLS", "",
				"INGRESS_AUTH_TOKENS", tokenFile.toString(), "INGRESS_AUTH_UPSTREAM", upstream.getAuthority());
		// start() required it: the test skips or, on CI, fails without HAProxy
		String binary = LoadBalancer.binary().orElseThrow().toString();
		this.process = ChildProcess.start("HAProxy (authenticated ingress)",
				List.of(binary, "-db", "-f", CONFIG.toString()), env, this.log, Duration.ofSeconds(10),
				() -> RestateServer.listening(this.port));
	}

	/**
	 * In front of {@code upstream} (an ingress), letting in callers with one of
	 * {@code tokens}.
	 */
	public static AuthenticatedIngress start(URI upstream, String... tokens) {
		LoadBalancer.require();
		return new AuthenticatedIngress(upstream, List.of(tokens));
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** What HAProxy wrote: nothing, unless it failed. */
	public Path log() {
		return this.log;
	}

	@Override
	public void close() {
		this.process.close();
	}

}
