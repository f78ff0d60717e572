// The platform's profile names the test registry's java17 as the official base.
new File(basedir, 'platform.yaml').text = new File(basedir, 'platform.yaml.in').text.replace('@REGISTRY@', registry)
return true
