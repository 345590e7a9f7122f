package dev.observableorders.pages;

import java.util.Locale;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The pages' templates ({@code src/main/resources/pages/}), rendered by Thymeleaf on its
 * own, outside Spring MVC's view resolution: a page is a string the controller answers
 * with its status. Values are given as strings, numbers and maps, so the templates only
 * print ({@code th:text}, which escapes) and never reach into the records.
 */
final class Templates {

	private static final TemplateEngine ENGINE = engine();

	private Templates() {
	}

	static String render(String template, Map<String, Object> variables) {
		return ENGINE.process(template, new Context(Locale.ROOT, variables));
	}

	private static TemplateEngine engine() {
		ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver(Templates.class.getClassLoader());
		templates.setPrefix("pages/");
		templates.setSuffix(".html");
		templates.setTemplateMode(TemplateMode.HTML);
		templates.setCharacterEncoding("UTF-8");
		templates.setCacheable(true);
		TemplateEngine engine = new TemplateEngine();
		engine.setTemplateResolver(templates);
		return engine;
	}

}
