package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 key pair for Restate's request identity: the private key as the PEM file the
 * Restate server signs with, the public key as the {@code publickeyv1_…} string the
 * service verifies with.
 *
 * <p>
 * Also a command: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.observableorders.support.RequestIdentityKeys -Dexec.args=private.pem}
 * writes the private key and prints the public key.
 */
public record RequestIdentityKeys(String privateKeyPem, String publicKey) {

	private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

	/**
	 * X.509 SubjectPublicKeyInfo of an Ed25519 key: a 12-byte header, then the raw 32
	 * bytes.
	 */
	private static final int RAW_PUBLIC_KEY_OFFSET = 12;

	public static RequestIdentityKeys generate() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			String pem = "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
			byte[] encoded = pair.getPublic().getEncoded();
			byte[] raw = Arrays.copyOfRange(encoded, RAW_PUBLIC_KEY_OFFSET, encoded.length);
			return new RequestIdentityKeys(pem, "publickeyv1_" + base58(raw));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public Path writePrivateKey(Path file) {
		try {
			return Files.writeString(file, this.privateKeyPem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String base58(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		BigInteger value = new BigInteger(1, bytes);
		BigInteger base = BigInteger.valueOf(58);
		while (value.signum() > 0) {
			BigInteger[] division = value.divideAndRemainder(base);
			out.append(BASE58.charAt(division[1].intValue()));
			value = division[0];
		}
		for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
			out.append('1');
		}
		return out.reverse().toString();
	}

	public static void main(String[] args) {
		RequestIdentityKeys keys = generate();
		Path file = keys.writePrivateKey(Path.of(args.length > 0 ? args[0] : "restate-identity.pem"));
		System.out.println("Restate server: RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE="
				+ file.toAbsolutePath());
		System.out.println("Order service:  RESTATE_SDK_IDENTITY_KEY=" + keys.publicKey());
	}

}
