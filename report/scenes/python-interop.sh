# shellcheck shell=bash
# Scene: our client against a server we did not write.
title "Our client downloads from python3's http.server" \
  "server: python3 -m http.server · $ON_CLIENT"

run "python3 --version"
run "python3 -m http.server $SPARE_PORT --bind 127.0.0.1 &"
on_exit "kill $! 2>/dev/null"
note "The client retries while python is still starting; python logs each request:"
# The scratch folder goes afterwards (see bio-corruption.sh).
on_exit "rm -rf from-python"
run "mkdir -p from-python && java -cp build/classes Client 7 --port $SPARE_PORT --dir from-python"
expect "the client verifies the copy" test "$?" -eq 0
run "cmp bio.txt from-python/received_bio_7.txt && echo identical"
expect "the copy is identical" cmp -s bio.txt from-python/received_bio_7.txt
note "python sends no Repr-Digest, so the client can only check the length (and says so)."
