package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cluster's snapshot repository: s3rver (npm, pinned in config/restate), an
 * S3-compatible store on loopback with the bucket {@code snapshots}. Restate 1.7 writes
 * partition snapshots only to object storage (a {@code file://} destination is refused
 * outside its test builds), and without snapshots a cluster never trims its log.
 */
final class SnapshotStore implements AutoCloseable {

	private static final Path BINARY = Path.of("config/restate/node_modules/.bin/s3rver");

	static final String BUCKET = "snapshots";

	private final int port;

	private final Path dir;

	private final ChildProcess process;

	private SnapshotStore(int port, Path dir) {
		this.port = port;
		this.dir = dir;
		this.process = launch();
	}

	static SnapshotStore start(int port, Path dir) {
		return new SnapshotStore(port, dir);
	}

	private ChildProcess launch() {
		if (!Files.isExecutable(BINARY)) {
			throw new IllegalStateException(
					"No s3rver at " + BINARY.toAbsolutePath() + ": run `npm ci --prefix config/restate`");
		}
		Path data;
		try {
			data = Files.createDirectories(this.dir.resolve("data"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		HttpClient http = HttpClient.newHttpClient();
		return ChildProcess.start("s3rver",
				List.of(BINARY.toString(), "--directory", data.toString(), "--address", "127.0.0.1", "--port",
						String.valueOf(this.port), "--configure-bucket", BUCKET, "--silent"),
				Map.of(), log(), Duration.ofSeconds(30),
				() -> http
					.send(HttpRequest.newBuilder(url().resolve("/" + BUCKET)).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200);
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	Path log() {
		return this.dir.resolve("s3rver.log");
	}

	@Override
	public void close() {
		this.process.close();
	}

}
