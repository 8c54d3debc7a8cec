package io.fapiao.config;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The jar's routes are listed by name (a wildcard costs a scan of the whole jar at every start): all of them. */
class RouteFilesTest {

    @Test
    void everyRouteFileIsListedAndEveryListedFileExists() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        Set<String> listed = Arrays.stream(defaults.getProperty("camel.main.routes-include-pattern").split(","))
                .map(String::strip)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        Set<String> files;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            files = routes.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".camel.yaml"))
                    .map(name -> "classpath:routes/" + name)
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }
        assertEquals(files, listed);
    }
}
