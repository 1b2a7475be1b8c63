console.log('not a template');
