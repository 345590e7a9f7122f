package dev.observableorders.pages;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two doors of the management port. Every answer carries headers that keep a browser from
 * running, framing, sniffing or caching what it shows: the pages are escaped, and the
 * Content-Security-Policy is the second line should an escape ever be missed (no script
 * at all, only the pages' own two style blocks by hash). And the order pages (order ids,
 * amounts, failure reasons, log lines) answer only callers on this machine unless
 * {@code orders.pages.enabled-beyond-loopback}: the caller is the connection's address,
 * never an {@code X-Forwarded-For} it sends.
 */
@Component
class PageDoors extends OncePerRequestFilter {

	/** Nothing runs; the pages' styles by hash; the search form posts only here. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src "
			+ String.join(" ", Stream.of(OrderStoryPage.STYLE, OrdersOverviewPage.STYLE).map(PageDoors::hash).toList())
			+ "; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	static final String BEYOND_LOOPBACK = "The order pages answer callers on this machine only: set "
			+ "orders.pages.enabled-beyond-loopback=true, or put them behind an authenticating proxy on this host\n";

	private final boolean enabledBeyondLoopback;

	PageDoors(PagesProperties properties) {
		this.enabledBeyondLoopback = properties.enabledBeyondLoopback();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-store");
		if (isPage(request.getRequestURI()) && !this.enabledBeyondLoopback && !fromLoopback(request)) {
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			response.setContentType("text/plain;charset=utf-8");
			response.getWriter().write(BEYOND_LOOPBACK);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isPage(String path) {
		return path.equals("/orders") || path.startsWith("/orders/");
	}

	private static boolean fromLoopback(HttpServletRequest request) {
		try {
			// an IP literal: no name lookup
			return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String hash(String style) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8));
			return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
