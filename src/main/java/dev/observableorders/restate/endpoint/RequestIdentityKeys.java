package dev.observableorders.restate.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 key pair for Restate's request identity: the private key as the PEM file the
 * Restate server signs with, the public key as the {@code publickeyv1_…} string the
 * service verifies with ({@code restate.sdk.identity-key}).
 *
 * <p>
 * Also a command, run by the container image's one-shot key service (compose) and by
 * hand: {@code RequestIdentityKeys PRIVATE_DIR PUBLIC_DIR} writes
 * {@code PRIVATE_DIR/private.pem} (mode 0600) for Restate and
 * {@code PUBLIC_DIR/restate.sdk.identity-key} for the service, which reads it with
 * {@code spring.config.import=configtree:PUBLIC_DIR/}. An existing private key is never
 * overwritten: the command keeps the pair and exits 0.
 */
public record RequestIdentityKeys(String privateKeyPem, String publicKey) {

	/** The private key's file name in the private directory. */
	public static final String PRIVATE_KEY_FILE = "private.pem";

	/** The public key's file name: a property name, for Spring's configtree import. */
	public static final String PUBLIC_KEY_FILE = "restate.sdk.identity-key";

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
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(pair.getPrivate().getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
			byte[] encoded = pair.getPublic().getEncoded();
			byte[] raw = Arrays.copyOfRange(encoded, RAW_PUBLIC_KEY_OFFSET, encoded.length);
			return new RequestIdentityKeys(pem, "publickeyv1_" + base58(raw));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes the private key readable by its owner only (0600 from the start, never
	 * briefly wider).
	 * @throws UncheckedIOException wrapping {@link FileAlreadyExistsException} when the
	 * file exists: a key is never overwritten silently
	 */
	public Path writePrivateKey(Path file) {
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			return Files.writeString(file, this.privateKeyPem);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes the public key as a configtree property file. */
	public Path writePublicKey(Path directory) {
		try {
			return Files.writeString(directory.resolve(PUBLIC_KEY_FILE), this.publicKey);
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
		if (args.length != 2) {
			System.err.println("usage: RequestIdentityKeys PRIVATE_DIR PUBLIC_DIR");
			System.exit(2);
		}
		Path privateKey = Path.of(args[0]).resolve(PRIVATE_KEY_FILE);
		Path publicDir = Path.of(args[1]);
		if (Files.exists(privateKey)) {
			System.out.println("Keeping the request identity key pair in " + privateKey + " and "
					+ publicDir.resolve(PUBLIC_KEY_FILE));
			return;
		}
		RequestIdentityKeys keys = generate();
		keys.writePublicKey(publicDir);
		keys.writePrivateKey(privateKey);
		System.out.println("Restate server: RESTATE_WORKER__INVOKER__REQUEST_IDENTITY_PRIVATE_KEY_PEM_FILE="
				+ privateKey.toAbsolutePath());
		System.out.println("Order service:  RESTATE_SDK_IDENTITY_KEY=" + keys.publicKey()
				+ "  (or spring.config.import=configtree:" + publicDir.toAbsolutePath() + "/)");
	}

}
