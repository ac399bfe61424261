# Build, test and demo the file server with a JDK 17, make, and Maven (only to fetch JUnit).
# `make help` lists the targets.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SUFFIXES:

# The JDK: $JAVA_HOME's when it is set, else the one on PATH; the code is compiled for
# Java 17 either way. (run_server.sh picks the server's JDK itself: see README.)
JDK_BIN := $(if $(JAVA_HOME),$(JAVA_HOME)/bin/)
JAVA := $(JDK_BIN)java
JAVAC := $(JDK_BIN)javac
JAR_TOOL := $(JDK_BIN)jar
# The newest JDK 21+ (JAVA_HOME, PATH, /usr/lib/jvm), if there is one: `make unit` runs the
# server's tests on it a second time, on virtual threads.
VIRTUAL_JAVA := $(shell bash -c '. scripts/common.sh && home=$$(newest_jdk 21) && echo "$$home/bin/java"')
JAVAC_FLAGS := --release 17 -encoding UTF-8 -Xlint:all -Werror -XDstringConcat=inline

# $(call maven_jar,GROUP,ARTIFACT,VERSION,SHA256) is the path lib/ARTIFACT-VERSION.jar, and
# defines the rule that fetches that jar from Maven Central and deletes it again unless it
# has the pinned SHA-256.
define maven_jar_rule
lib/$2-$3.jar:
	mvn -B -q dependency:copy -Dartifact=$1:$2:$3 -DoutputDirectory=lib
	@if ! echo '$(strip $4)  $$@' | sha256sum --check --status; then \
	    echo 'error: $$@ does not have the pinned SHA-256 $(strip $4); deleted it' >&2; \
	    rm -f $$@; exit 1; \
	fi
endef
maven_jar = $(eval $(call maven_jar_rule,$1,$2,$3,$4))lib/$2-$3.jar

JUNIT_VERSION := 6.1.3
JUNIT_SHA256 := e62b96ac475dbcde8599ea905d088f65d90778f86e259b856a49fa5c4ea256ec
JUNIT_JAR := $(call maven_jar,org.junit.platform,junit-platform-console-standalone,$(JUNIT_VERSION),$(JUNIT_SHA256))

# PIT (pitest) for `make mutation`: the command line, what it needs at run time (the
# Maven poms' compile dependencies that its jars do not bundle), and the JUnit Platform
# plugin. The plugin brings no JUnit of its own since 1.2.0: it runs the tests with the
# launcher in $(JUNIT_JAR), so it works with JUnit 6.
PITEST_VERSION := 1.30.2
PITEST_JARS := \
    $(call maven_jar,org.pitest,pitest-command-line,$(PITEST_VERSION),e2bbe643656f87893c1568809f1cb343a3816bfe3c367bd83bc181de9532ccbc) \
    $(call maven_jar,org.pitest,pitest-entry,$(PITEST_VERSION),775ccf7d2d99f5fa99baecd3fa9fd84fecf14132d63cfef22ff81e409d73a34c) \
    $(call maven_jar,org.pitest,pitest,$(PITEST_VERSION),8f142c43e6f5f2d26baae4f317fc6c37a4b4b765b30481f21db721b89f15ee81) \
    $(call maven_jar,org.pitest,pitest-junit5-plugin,1.2.3,d3e2fcc8db5fd52c0c4ac2fe0d937e64da3df39b657093a1581b5fd463f9be64) \
    $(call maven_jar,org.apache.commons,commons-text,1.14.0,121fce2282910c8f0c3ba793a5436b31beb710423cbe2d574a3fb7a73c508e92) \
    $(call maven_jar,org.apache.commons,commons-lang3,3.18.0,4eeeae8d20c078abb64b015ec158add383ac581571cddc45c68f0c9ae0230720)

CLASSES := build/classes
TEST_CLASSES := build/test-classes
CLASSES_STAMP := build/classes.stamp
TEST_CLASSES_STAMP := build/test-classes.stamp
BENCH_CLASSES := build/bench-classes
BENCH_CLASSES_STAMP := build/bench-classes.stamp
JAR := build/fileserver.jar
CDS_ARCHIVE := build/client.jsa
# The client's JVM flags, from the one place the scripts take them too.
CLIENT_JAVA_FLAGS := $(shell bash -c '. scripts/common.sh && echo "$$CLIENT_DEFAULT_JAVA_OPTS"')

# Directories are prerequisites too: adding or deleting a file changes their time.
SOURCES := $(shell find src -name '*.java')
# Everything else under src (the status page) is a resource, copied beside the classes.
RESOURCES := $(shell find src -type f ! -name '*.java')
SOURCE_DIRS := $(shell find src -type d)
TEST_SOURCES := $(shell find test/java -name '*.java')
TEST_RESOURCES := $(shell find test/resources -type f 2>/dev/null)
TEST_DIRS := $(shell find test/java test/resources -type d 2>/dev/null)
BENCH_SOURCES := $(shell find bench/java -name '*.java')
BENCH_DIRS := $(shell find bench/java -type d)

.PHONY: all unit e2e test demo bio clean help

all: $(CLASSES_STAMP) $(CDS_ARCHIVE) ## Compile src/ into build/classes, and the client's jar and CDS archive (the default)

# `make test JUNIT_DETAILS=tree` prints every test and case with its outcome (and why a test
# was aborted) before each run's summary; the report's make-test scene counts them.
JUNIT_DETAILS := summary
JUNIT_RUN = '-Dproject.root=$(CURDIR)' -jar $(JUNIT_JAR) execute --class-path $(CLASSES):$(TEST_CLASSES) \
    --fail-if-no-tests --disable-banner --details=$(JUNIT_DETAILS)

# The server's tests (server, robustness) run twice: on platform threads, with the rest,
# and again on virtual threads, the server's default on Java 21+, where a JDK 21+ exists.
unit: $(TEST_CLASSES_STAMP) ## Run the JUnit tests; the server's a second time on virtual threads (JDK 21+)
	$(JAVA) $(JUNIT_RUN) --scan-class-path
ifneq ($(VIRTUAL_JAVA),)
	@echo 'The server'"'"'s tests again, on virtual threads, on $(VIRTUAL_JAVA):'
	$(VIRTUAL_JAVA) -Dtest.threads=virtual $(JUNIT_RUN) \
	    --select-package fileserver.server --select-package fileserver.robustness
else
	@echo 'skipped: the server'"'"'s tests on virtual threads, which need a JDK 21+ (none in JAVA_HOME, on PATH or under /usr/lib/jvm)'
endif

e2e: all ## Run the end-to-end test of the scripts against a real server
	test/e2e.sh

# Not `test: unit e2e`: under make -j the two would run at once and compete for the CPU.
# The load generator is compiled too: it is built on src/'s protocol code, so a change
# there that breaks it fails here rather than at the next `make bench`.
test: unit $(BENCH_CLASSES_STAMP) ## Run the JUnit tests and compile the load generator, then the end-to-end tests
	test/e2e.sh
	test/status.sh
	test/socket_writes.sh
	test/kill_resume.sh
	test/cluster.sh

demo: all ## Serve bio.txt, download it with 50 clients at once, compare every copy
	scripts/demo.sh

bio: all ## Regenerate bio.txt (it is committed; a JUnit test checks it matches)
	$(JAVA) -cp $(CLASSES) fileserver.tools.BioGenerator bio.txt

.PHONY: mutation
# Mutation testing with PIT: it changes the compiled code in small ways, one mutant at a
# time (a `<` turned into `<=`, a call removed, a return value replaced), and runs the
# unit tests against each mutant; a mutant under which they all still pass survived. The
# scope is the code whose tests are fast and open no socket. Takes a few minutes, so
# `make test` does not depend on it; the report is in $(MUTATION_DIR)/mutations.xml.
MUTATION_THRESHOLD := 90
MUTATION_DIR := build/mutation
MUTATED_CLASSES := fileserver.protocol.* fileserver.cli.* fileserver.snapshot.* fileserver.status.* \
    $(addprefix fileserver.server.,ChunkWriter* DaemonThreads* Drain* FileEndpoint* LogText* Reply* ServerCommand* ServerConfig* \
        ThreadKind*) \
    $(addprefix fileserver.client.,ClientCommand* ClientConfig* ResumeState* TransferRate* Verification*)
MUTATION_TESTS := fileserver.protocol.* fileserver.cli.* fileserver.snapshot.* fileserver.status.* \
    $(addprefix fileserver.server.,ChunkWriterTest DaemonThreadsTest DrainTest FileEndpointTest LogTextTest ReplyTest \
        ServerCommandTest ServerConfigTest ThreadKindTest) \
    $(addprefix fileserver.client.,ClientCommandTest ClientConfigTest ResumeStateTest TransferRateTest VerificationTest)
comma := ,
empty :=
space := $(empty) $(empty)

mutation: $(TEST_CLASSES_STAMP) $(PITEST_JARS) ## Mutation-test the socket-free code with PIT; print the score and the surviving mutants
	rm -rf $(MUTATION_DIR)
	mkdir -p $(MUTATION_DIR)
	@echo 'PIT: mutating, log in $(MUTATION_DIR)/pit.log'
	@$(JAVA) -cp $(subst $(space),:,$(strip $(PITEST_JARS))) org.pitest.mutationtest.commandline.MutationCoverageReport \
	    --classPath $(CLASSES),$(TEST_CLASSES),$(JUNIT_JAR) --sourceDirs src \
	    --targetClasses '$(subst $(space),$(comma),$(strip $(MUTATED_CLASSES)))' \
	    --targetTests '$(subst $(space),$(comma),$(strip $(MUTATION_TESTS)))' \
	    --threads 2 --outputFormats XML --reportDir $(MUTATION_DIR) --timestampedReports=false \
	    --verbosity NO_SPINNER >$(MUTATION_DIR)/pit.log 2>&1 \
	    || { tail -n 30 $(MUTATION_DIR)/pit.log; exit 1; }
	scripts/mutation_report.sh --threshold $(MUTATION_THRESHOLD) $(MUTATION_DIR)/mutations.xml

.PHONY: bench bench-classes
# Wants an otherwise idle machine and takes 5 to 7 minutes (BENCH_ARGS=--quick: about 2);
# `make test` does not depend on it.
bench: all $(BENCH_CLASSES_STAMP) ## Run the benchmarks in bench/ (bench/all.sh): figures, each goal beside its target, CSV in bench/results/
	bench/all.sh $(BENCH_ARGS)

# The load generator (package fileserver.bench), on the product's classes; bench/lib.sh
# makes this target before a script runs it.
bench-classes: $(BENCH_CLASSES_STAMP)

.PHONY: report
# Needs the Debian packages docs/report.md lists (report/scripts/report.sh names any that are missing);
# `make test` does not depend on it. Builds only from a clean tree. The title page's author
# is report/meta's AUTHOR, or `make report AUTHOR="..."`'s, which wins.
report: ## Regenerate screenshots/, report/figures/ and REPORT.pdf from real runs
	AUTHOR='$(subst ','\'',$(value AUTHOR))' report/scripts/report.sh

clean: ## Stop a background server, remove build output, received files, pid and log (keeps lib/)
	if [ -f server.pid ]; then ./run_server.sh --stop; fi
	rm -rf build received server.pid server.log

help: ## List the targets
	@awk -F ':.*## ' '/^[a-z0-9-]+:.*## / { printf "  %-8s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# Compile into a new directory and swap it in: classes of deleted sources don't linger,
# and a failed compile leaves the last good build in place.
$(CLASSES_STAMP): $(SOURCES) $(RESOURCES) $(SOURCE_DIRS) Makefile
	rm -rf $(CLASSES).new
	mkdir -p $(CLASSES).new
	@echo 'javac $(words $(SOURCES)) sources -> $(CLASSES)'
	@$(JAVAC) $(JAVAC_FLAGS) -d $(CLASSES).new $(SOURCES)
	$(if $(RESOURCES),cd src && cp --parents $(RESOURCES:src/%=%) '$(CURDIR)/$(CLASSES).new/')
	rm -rf $(CLASSES)
	mv $(CLASSES).new $(CLASSES)
	touch $@

$(JAR): $(CLASSES_STAMP)
	$(JAR_TOOL) --create --file $@ -C $(CLASSES) .

# A class-data-sharing archive of what a client loads, recorded during one real download
# (fileserver.tools.ClientTraining); run_clients.sh uses it to start 50 JVMs faster. The
# class path is recorded as an absolute path, so the archive is built with the real one.
# Only an optimisation: if the JVM cannot make it, the clients run without it. Recorded
# again when the flags change (scripts/common.sh), since it is recorded with them.
$(CDS_ARCHIVE): $(JAR) scripts/common.sh
	rm -f $@
	$(JAVA) -XX:ArchiveClassesAtExit=$@ $(CLIENT_JAVA_FLAGS) -Xlog:cds=off -Xlog:cds+dynamic=off \
	    -cp $(realpath $(JAR)) fileserver.tools.ClientTraining || rm -f $@

$(BENCH_CLASSES_STAMP): $(BENCH_SOURCES) $(BENCH_DIRS) $(CLASSES_STAMP)
	rm -rf $(BENCH_CLASSES)
	mkdir -p $(BENCH_CLASSES)
	@echo 'javac $(words $(BENCH_SOURCES)) bench sources -> $(BENCH_CLASSES)'
	@$(JAVAC) $(JAVAC_FLAGS) -cp $(CLASSES) -d $(BENCH_CLASSES) $(BENCH_SOURCES)
	touch $@

$(TEST_CLASSES_STAMP): $(TEST_SOURCES) $(TEST_RESOURCES) $(TEST_DIRS) $(CLASSES_STAMP) $(JUNIT_JAR)
	rm -rf $(TEST_CLASSES)
	mkdir -p $(TEST_CLASSES)
	@echo 'javac $(words $(TEST_SOURCES)) test sources -> $(TEST_CLASSES)'
	@$(JAVAC) $(JAVAC_FLAGS) -cp $(CLASSES):$(JUNIT_JAR) -d $(TEST_CLASSES) $(TEST_SOURCES)
	if [ -d test/resources ]; then cp -R test/resources/. $(TEST_CLASSES)/; fi
	touch $@
