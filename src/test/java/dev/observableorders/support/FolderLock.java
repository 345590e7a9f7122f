package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A tool's claim on its data folder and ports, taken before it writes anything: a second
 * instance finds the first one's lock (held by the operating system for as long as that
 * process lives, so a kill -9 frees it) or a taken port, and stops with one line naming
 * it, leaving the running instance untouched.
 */
public final class FolderLock implements AutoCloseable {

	private static final String FILE = ".lock";

	private final FileChannel channel;

	private final FileLock lock;

	private FolderLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Locks {@code folder} for this process, then checks that every named port is free.
	 * @param what how the message names the tool, e.g. {@code The local cluster}
	 * @param ports each port with what it is for, e.g. {@code 8080 → "the ingress"}
	 * @throws IllegalStateException one line: who holds the folder, or which port is
	 * taken
	 */
	public static FolderLock take(Path folder, String what, Map<Integer, String> ports) {
		FolderLock taken = lock(folder, what);
		try {
			requireFree(ports);
		}
		catch (Taken ex) {
			taken.close();
			throw ex;
		}
		return taken;
	}

	/**
	 * Checks that no other process holds {@code folder}, taking nothing: for a tool that
	 * must say so before it checks ports of its own that the running instance holds too.
	 * @throws Taken naming the holder's pid
	 */
	public static void requireUnheld(Path folder, String what) {
		lock(folder, what).close();
	}

	/**
	 * @throws Taken naming the first port something listens on, and how to find what
	 */
	public static void requireFree(Map<Integer, String> ports) {
		for (Map.Entry<Integer, String> port : ports.entrySet()) {
			if (!RestateServer.isFree(port.getKey())) {
				throw new Taken("Port " + port.getKey() + " (" + port.getValue()
						+ ") is taken by another program: stop it first (ss -ltnp 'sport = :" + port.getKey() + "')");
			}
		}
	}

	/** Another instance or program owns the folder or a port: the tool exits 2. */
	public static final class Taken extends IllegalStateException {

		Taken(String message) {
			super(message);
		}

	}

	private static FolderLock lock(Path folder, String what) {
		Path file = folder.resolve(FILE);
		try {
			Files.createDirectories(folder);
			FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				// this JVM holds it already
				lock = null;
			}
			if (lock == null) {
				channel.close();
				String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
				throw new Taken(what + " already runs from " + folder
						+ (holder.isEmpty() ? "" : " (pid " + holder + ")") + ": stop it first (Ctrl-C where it runs"
						+ (holder.isEmpty() ? "" : ", or kill " + holder) + ")");
			}
			channel.truncate(0);
			channel.write(ByteBuffer
				.wrap((ProcessHandle.current().pid() + System.lineSeparator()).getBytes(StandardCharsets.UTF_8)));
			channel.force(false);
			return new FolderLock(channel, lock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lock " + file, ex);
		}
	}

	@Override
	public void close() {
		try {
			this.lock.release();
			this.channel.close();
		}
		catch (IOException ex) {
			// the process ending frees it anyway
		}
	}

}
