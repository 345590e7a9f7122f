package dev.observableorders.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool's check for a running instance names it by folder and pid, before anything of
 * the running one (its ports) could be mistaken for another program's.
 */
class FolderLockTest {

	@Test
	void aHeldFolderIsNamedWithItsHoldersPidAndAFreeOneIsLeftFree(@TempDir Path folder) {
		try (FolderLock held = FolderLock.take(folder, "A cluster", Map.of())) {
			assertThatThrownBy(() -> FolderLock.requireUnheld(folder, "A cluster")).isInstanceOf(FolderLock.Taken.class)
				.hasMessage("A cluster already runs from " + folder + " (pid " + ProcessHandle.current().pid()
						+ "): stop it first (Ctrl-C where it runs, or kill " + ProcessHandle.current().pid() + ")");
		}
		assertThatCode(() -> FolderLock.requireUnheld(folder, "A cluster")).doesNotThrowAnyException();
		assertThatCode(() -> FolderLock.take(folder, "A cluster", Map.of()).close()).doesNotThrowAnyException();
	}

}
