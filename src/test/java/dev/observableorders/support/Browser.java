package dev.observableorders.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through its chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}), for the tests of the pages the service serves. Both binaries
 * are taken from the machine: Selenium never downloads one.
 */
public final class Browser implements AutoCloseable {

	/**
	 * Where screenshots go: {@code target/screenshots}, or {@code -Dscreenshots.dir=…}
	 * (the README's are taken with {@code -Dscreenshots.dir=docs/images}).
	 */
	private static final Path SCREENSHOTS = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));

	private final ChromeDriver driver;

	private Browser(Path chromium, Path chromedriver) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		// --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
				"--lang=en-US", "--disable-extensions", "--no-first-run");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	/**
	 * Starts the browser, or skips the calling test when Chromium or its driver is not
	 * installed, unless {@code REQUIRE_CHROMIUM=true} (CI sets it): then it fails.
	 */
	public static Browser start() {
		Optional<Path> chromium = Installed.onPath("chromium");
		Optional<Path> chromedriver = Installed.onPath("chromedriver");
		Installed.require(chromium.isPresent() && chromedriver.isPresent(), "REQUIRE_CHROMIUM",
				"Chromium and its driver are not installed: apt-get install --no-install-recommends"
						+ " chromium chromium-driver");
		return new Browser(chromium.get(), chromedriver.get());
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	/** Saves what the browser shows as {@code name}.png in the screenshots directory. */
	public Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
