from mods.starmod import does_not_exist
