package fileserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README.md is where a newcomer starts, so it must not fall behind the tree: its Layout
 * section names every top-level folder and every package under {@code src/fileserver/},
 * and every relative link in README and {@code docs/} reaches a file and, after a
 * {@code #}, a heading in it.
 */
@Timeout(30)
class ReadmeLayoutTest {
    /** Generated and git-ignored (README says so below its layout), or git's own. */
    private static final Set<String> GENERATED = Set.of(".git", "build", "lib", "received");
    /** The one hidden folder of ours; any other (.idea, .vscode) is an editor's. */
    private static final String CI = ".ci";
    private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]*\\]\\(([^)\\s]+)\\)");

    private static final Path ROOT = Path.of(System.getProperty("project.root", System.getProperty("user.dir")));

    @Test
    void theLayoutNamesEveryTopLevelFolder() throws IOException {
        String layout = layoutSection(Files.readString(ROOT.resolve("README.md")));
        List<String> missing = new ArrayList<>();
        for (String folder : topLevelFolders()) {
            if (!names(layout, folder + "/")) {
                missing.add(folder + "/");
            }
        }
        assertEquals(List.of(), missing, "README.md's Layout section does not name these top-level folders");
    }

    @Test
    void theLayoutNamesEverySourcePackage() throws IOException {
        String layout = layoutSection(Files.readString(ROOT.resolve("README.md")));
        List<String> packages = folders(ROOT.resolve("src/fileserver"));
        assertFalse(packages.isEmpty(), "no packages under " + ROOT.resolve("src/fileserver"));
        List<String> missing = packages.stream()
                .map(name -> "src/fileserver/" + name + "/")
                .filter(path -> !names(layout, path))
                .toList();
        assertEquals(List.of(), missing, "README.md's Layout section does not name these packages");
    }

    @Test
    void everyLinkInReadmeAndDocsReachesAFileAndAHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http:, https:, mailto: are not ours to check
                }
                links++;
                int hash = target.indexOf('#');
                Path file = hash == 0 ? page : page.resolveSibling(hash < 0 ? target : target.substring(0, hash));
                if (!Files.exists(file)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && !anchors(file).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertTrue(links > 0, "found no links to check in README.md and docs/");
        assertEquals(List.of(), broken, "links that lead nowhere");
    }

    @Test
    void aFolderCountsAsNamedOnlyWhereAnEntryOfTheLayoutStarts() {
        String layout = """
                    report/    REPORT.md; scripts/ (the pipeline),
                               scenes/ (the scenes)
                    .ci/run    what CI runs
                """;
        assertTrue(names(layout, "report/"));
        assertTrue(names(layout, ".ci/"));
        assertFalse(names(layout, "scripts/"), "report's scripts/ is not the top-level scripts/");
        assertFalse(names(layout, "scenes/"), "a continuation line names no entry");
        assertFalse(names("    bench/java/fileserver/bench/", "fileserver/"));
    }

    @Test
    void aHeadingsAnchorIsGitHubs() {
        assertEquals("the-minimum-read-rate-and-the-clients-stall-rule",
                anchor("The minimum read rate, and the client's stall rule"));
        assertEquals("make-targets", anchor("`make` targets"));
        assertEquals("bad-input-to-the-server-badrequesttest-randomrequesttest",
                anchor("Bad input to the server (`BadRequestTest`, `RandomRequestTest`)"));
    }

    /** The text under README's "## Layout" heading, up to the next heading of that level. */
    private static String layoutSection(String readme) {
        Matcher section = Pattern.compile("(?ms)^## Layout\\s*$(.*?)(?=^## |\\z)").matcher(readme);
        assertTrue(section.find(), "README.md has no '## Layout' section");
        return section.group(1);
    }

    /**
     * True if an entry of LAYOUT starts with PATH: a line indented by at most the code
     * block's four spaces, not a continuation line, nor a mention inside another entry.
     */
    private static boolean names(String layout, String path) {
        return Pattern.compile("(?m)^ {0,4}" + Pattern.quote(path)).matcher(layout).find();
    }

    /**
     * The tree's top-level folders: in a git checkout, those that hold a tracked file, so
     * that a folder a person or a report scene made (a scratch copy, a browser profile)
     * does not count; elsewhere (an unpacked bundle) those on disk, less the generated
     * ones and hidden ones other than {@code .ci}.
     */
    private static List<String> topLevelFolders() throws IOException {
        List<String> tracked = trackedTopLevelFolders();
        if (!tracked.isEmpty()) {
            return tracked;
        }
        return folders(ROOT).stream()
                .filter(folder -> !GENERATED.contains(folder) && (!folder.startsWith(".") || folder.equals(CI)))
                .toList();
    }

    /** The top-level folders of git's tracked files, or none if ROOT is not a git checkout (or git is missing). */
    private static List<String> trackedTopLevelFolders() throws IOException {
        Process git;
        try {
            git = new ProcessBuilder("git", "-C", ROOT.toString(), "ls-files", "-z")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noGit) {
            return List.of();
        }
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (git.waitFor() != 0) {
                return List.of();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while git listed the tracked files", e);
        }
        return Arrays.stream(listing.split("\0"))
                .filter(path -> path.indexOf('/') > 0)
                .map(path -> path.substring(0, path.indexOf('/')))
                .distinct().sorted().toList();
    }

    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    /** The anchors of FILE's headings, outside code blocks, as GitHub makes them. */
    private static Set<String> anchors(Path file) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file)) {
            fenced ^= line.startsWith("```");
            if (!fenced && line.matches("#{1,6} .*")) {
                anchors.add(anchor(line.replaceFirst("^#+ ", "")));
            }
        }
        return anchors;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
