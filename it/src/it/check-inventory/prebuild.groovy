// Makes the images with umoci and skopeo (make-images.sh), from the rpm and apk databases the
// core tests read (the rpm one is real, made with rpm 4.18).
def repo = new File(basedir, '../../../..').canonicalFile
def resources = new File(repo, 'core/src/test/resources')
def cmd = ['bash', new File(basedir, 'make-images.sh').path, new File(basedir, 'target/images').path,
           new File(resources, 'rpmdb/rpmdb.sqlite').path, new File(resources, 'apk/installed').path]
def p = cmd.execute()
def out = new StringBuilder(), err = new StringBuilder()
p.waitForProcessOutput(out, err)
assert p.exitValue() == 0 : "make-images.sh failed: ${out}\n${err}"
return true
