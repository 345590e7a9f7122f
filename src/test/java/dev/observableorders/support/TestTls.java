package dev.observableorders.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private certificate authority made for one test run with the JDK's {@code keytool}: a
 * server certificate for {@code 127.0.0.1}/{@code localhost} and a client certificate,
 * both signed by it, as a partner with its own CA and mutual TLS would have. Nothing is
 * committed: every run makes new keys, valid for two days, in a temporary folder.
 */
public final class TestTls {

	private static final String PASSWORD = "test-only";

	private final Path dir;

	private TestTls(Path dir) {
		this.dir = dir;
	}

	/** Makes the CA and both certificates (a few keytool runs, ~3 s). */
	public static TestTls create() {
		try {
			TestTls tls = new TestTls(Files.createTempDirectory("test-tls"));
			tls.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
					"CN=Observable Orders Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
			tls.keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", "ca.p12", "-file", "ca.pem");
			tls.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12");
			tls.signed("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost", "EKU=serverAuth");
			tls.signed("client", "CN=order-service", null, "EKU=clientAuth");
			return tls;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What a partner's server presents and checks: its certificate, and clients' signed
	 * by the CA.
	 */
	public SSLContext serverContext() {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(load("server.p12"), PASSWORD.toCharArray());
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(load("trust.p12"));
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot load the test certificates", ex);
		}
	}

	/**
	 * The service's settings of an SSL bundle named {@code name} that trusts the CA and
	 * presents the client certificate, as docs/configuration.md shows them.
	 */
	public Map<String, String> bundle(String name) {
		String prefix = "spring.ssl.bundle.jks." + name + ".";
		return Map.of(prefix + "keystore.location", "file:" + this.dir.resolve("client.p12"),
				prefix + "keystore.password", PASSWORD, prefix + "keystore.type", "PKCS12",
				prefix + "truststore.location", "file:" + this.dir.resolve("trust.p12"), prefix + "truststore.password",
				PASSWORD, prefix + "truststore.type", "PKCS12");
	}

	private void signed(String alias, String dname, String san, String usage) throws IOException {
		String store = alias + ".p12";
		keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
				"-validity", "2", "-keystore", store);
		keytool("-certreq", "-alias", alias, "-keystore", store, "-file", alias + ".csr");
		List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile",
				alias + ".csr", "-outfile", alias + ".pem", "-rfc", "-validity", "2", "-ext", usage));
		if (san != null) {
			sign.addAll(List.of("-ext", san));
		}
		keytool(sign.toArray(String[]::new));
		keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
		keytool("-importcert", "-alias", alias, "-file", alias + ".pem", "-keystore", store);
	}

	private void keytool(String... args) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
		command.addAll(List.of(args));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
		Process keytool = new ProcessBuilder(command).directory(this.dir.toFile()).redirectErrorStream(true).start();
		try {
			String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
				throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while making test certificates", ex);
		}
	}

	private KeyStore load(String name) throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(this.dir.resolve(name))) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

}
